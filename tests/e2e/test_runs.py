"""Ad-hoc runs over the native API, against a real server and worker: every outcome in every installed
language, batches, retention, rate limits and who may read a run."""

import base64
import io
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.service import Service, running_service

# Per language: a program that echoes stdin, one that does not compile, one that loops, one that eats
# memory, one that crashes (exit 3), one that writes bytes that are not UTF-8.
PROGRAMS: dict[str, dict[str, str]] = {
    "c": {
        "echo": "#include <stdio.h>\nint main(void){char b[256];"
        "while(fgets(b,sizeof b,stdin))fputs(b,stdout);return 0;}\n",
        "broken": "int main(void){ return x; }\n",
        "loop": "int main(void){volatile unsigned long i=0;for(;;)i++;}\n",
        "memory": "#include <stdlib.h>\n#include <string.h>\nint main(void){for(;;){char*p=malloc(1<<20);"
        "if(!p)return 1;memset(p,1,1<<20);}}\n",
        "crash": '#include <stdio.h>\nint main(void){fprintf(stderr,"bad\\n");return 3;}\n',
        "binary": "#include <stdio.h>\nint main(void){putchar(0xff);putchar(0xfe);return 0;}\n",
    },
    "cpp": {
        "echo": "#include <iostream>\n#include <string>\nint main(){std::string s;"
        "while(std::getline(std::cin,s))std::cout<<s<<'\\n';}\n",
        "broken": "int main(){ return x; }\n",
        "loop": "int main(){volatile unsigned long i=0;for(;;)i++;}\n",
        "memory": "#include <vector>\n#include <cstring>\nint main(){std::vector<char*> v;"
        "for(;;){char*p=new char[1<<20];std::memset(p,1,1<<20);v.push_back(p);}}\n",
        "crash": '#include <cstdio>\nint main(){std::fprintf(stderr,"bad\\n");return 3;}\n',
        "binary": "#include <cstdio>\nint main(){std::putchar(0xff);std::putchar(0xfe);}\n",
    },
    "python3": {
        "echo": "import sys\nsys.stdout.write(sys.stdin.read())\n",
        "broken": "def f(:\n",
        "loop": "while True: pass\n",
        "memory": "x = []\nwhile True: x.append(bytearray(1 << 20))\n",
        "crash": "import sys\nprint('bad', file=sys.stderr)\nsys.exit(3)\n",
        "binary": "import sys\nsys.stdout.buffer.write(b'\\xff\\xfe')\n",
    },
    "java": {
        "echo": "import java.io.*;\npublic class Main{public static void main(String[] a)throws IOException{"
        "BufferedReader r=new BufferedReader(new InputStreamReader(System.in));String s;"
        "while((s=r.readLine())!=null)System.out.println(s);}}\n",
        "broken": "public class Main{ void f( }\n",
        "loop": "public class Main{public static void main(String[] a){long i=0;while(true)i++;}}\n",
        "memory": "import java.util.*;\npublic class Main{public static void main(String[] a){List<long[]> l="
        "new ArrayList<>();while(true)l.add(new long[1<<17]);}}\n",
        "crash": 'public class Main{public static void main(String[] a){System.err.println("bad");'
        "System.exit(3);}}\n",
        "binary": "public class Main{public static void main(String[] a){System.out.write(0xff);"
        "System.out.write(0xfe);System.out.flush();}}\n",
    },
    "javascript": {
        "echo": "process.stdout.write(require('fs').readFileSync(0));\n",
        "broken": "function (\n",
        "loop": "for(;;){}\n",
        "memory": "const a=[];for(;;){a.push(Buffer.alloc(1<<20,1));}\n",
        "crash": "console.error('bad');process.exit(3);\n",
        "binary": "process.stdout.write(Buffer.from([0xff,0xfe]));\n",
    },
    "rust": {
        "echo": "use std::io::*;\nfn main(){let mut s=String::new();stdin().read_to_string(&mut s).unwrap();"
        'print!("{}",s);}\n',
        "broken": 'fn main(){ let x: i32 = "s"; }\n',
        "loop": "fn main(){let mut i:u64=0;loop{i=std::hint::black_box(i+1);}}\n",
        "memory": "fn main(){let mut v=Vec::new();loop{let b=vec![1u8;1<<20];v.push(b);}}\n",
        "crash": 'fn main(){eprintln!("bad");std::process::exit(3);}\n',
        "binary": "use std::io::Write;\nfn main(){std::io::stdout().write_all(&[0xff,0xfe]).unwrap();}\n",
    },
}


@pytest.fixture(scope="module")
def service(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    tmp = tmp_path_factory.mktemp("runs")
    with running_service(
        postgres_server,
        tmp,
        worker_concurrency="2",
        runs_retention_seconds="3",
        rate_user_per_minute="4",
        rate_user_queued="0",
    ) as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3", "c")
        yield service


def _languages(service: Service) -> list[str]:
    return sorted(item["id"] for item in service.http.get("/languages").json() if item["id"] in PROGRAMS)


def _run(service: Service, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = service.http.post("/runs", params={"wait": "60"}, json=body, headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _key(service: Service, role: str, name: str) -> dict[str, str]:
    created = service.http.post("/keys", json={"name": name, "role": role, "accountName": name})
    assert created.status_code == 201, created.text
    return {"Authorization": f"Bearer {created.json()['key']}"}


def test_every_outcome_in_every_installed_language(service: Service) -> None:
    languages = _languages(service)
    assert {"c", "python3"} <= set(languages)
    failures = []
    for language in languages:
        programs = PROGRAMS[language]
        cases: list[tuple[str, dict[str, Any], str, str | None]] = [
            ("echo", {"stdin": "a b\nc\n", "expectedOutput": "a b\nc"}, "ok", "accepted"),
            ("echo", {"stdin": "a b\n", "expectedOutput": "other"}, "ok", "wrong_answer"),
            ("broken", {}, "compilation_error", None),
            ("loop", {"limits": {"timeMs": 500}}, "time_limit", None),
            ("memory", {"limits": {"memoryKb": 65536}}, "memory_limit", None),
            ("crash", {}, "runtime_error", None),
            ("binary", {}, "ok", None),
        ]
        for program, extra, outcome, verdict in cases:
            run = _run(service, {"language": language, "source": programs[program], **extra})
            got = (run["status"], run["outcome"], run["verdict"])
            if got != ("finished", outcome, verdict):
                failures.append(f"{language} {program}: {got} {run['message']} {run['compileOutput'][:200]}")
                continue
            if program == "echo" and verdict == "accepted":
                assert run["stdout"] == "a b\nc\n"
                assert run["timeMs"] is not None
                assert run["memoryKb"] is not None
            if program == "crash":
                assert run["exitCode"] == 3
                assert "bad" in run["stderr"]
                assert run["message"] == "Exited with error status 3"
            if program == "broken":
                assert run["compileOutput"]
            if program == "binary":
                assert run["stdout"] is None
                assert base64.b64decode(run["stdoutBase64"]) == b"\xff\xfe"
    assert failures == []


def test_stdin_in_base64_and_arguments_reach_the_program_without_a_shell(service: Service) -> None:
    source = "import sys\nprint(sys.argv[1:])\nsys.stdout.write(sys.stdin.read())\n"
    run = _run(
        service,
        {
            "language": "python3",
            "source": source,
            "stdinBase64": base64.b64encode(b"raw\n").decode(),
            "args": ["$(id)", "a b", ";ls"],
        },
    )
    assert run["stdout"] == "['$(id)', 'a b', ';ls']\nraw\n"


def test_a_batch_runs_each_program_and_is_read_back_in_order(service: Service) -> None:
    body = {"runs": [{"language": "python3", "source": f"print({n})"} for n in range(3)]}
    created = service.http.post("/runs/batch", params={"wait": "60"}, json=body)
    assert created.status_code == 200, created.text
    ids = [run["id"] for run in created.json()["runs"]]
    read = service.http.get("/runs/batch", params={"ids": ",".join(ids)}).json()["runs"]
    assert [run["stdout"] for run in read] == ["0\n", "1\n", "2\n"]


EMPTY_ZIP = "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="  # only the end record: no file


def test_bad_runs_are_refused_with_stable_codes(service: Service) -> None:
    cases = [
        ({"language": "cobol", "source": "x"}, 422, "unknown_language"),
        ({"language": "python3"}, 422, "invalid_run"),
        ({"language": "python3", "source": "x", "limits": {"timeMs": 10**6}}, 422, "invalid_run"),
        ({"language": "python3", "source": "x", "stdin": "x" * (1024 * 1024 + 1)}, 413, "run_too_large"),
        ({"language": "python3", "source": "x", "stdinBase64": "%%%"}, 422, "invalid_run"),
        ({"language": "python3", "source": "x", "compilerOptions": "-O3"}, 422, "invalid_run"),
        ({"language": "python3", "source": "x", "args": ["a\u0000"]}, 422, "validation_error"),
        ({"language": "c", "source": "x", "compilerOptions": "-O" * 100_000}, 422, "validation_error"),
        ({"language": "c", "source": "x", "compilerOptions": "@/etc/passwd"}, 422, "invalid_run"),
        ({"language": "c", "source": "x", "compilerOptions": "-DX\u0000"}, 422, "validation_error"),
        ({"language": "c", "source": "x", "compilerOptions": "-DX\n-DY"}, 422, "invalid_run"),
        (
            {"language": "c", "source": "x", "additionalFilesBase64": EMPTY_ZIP},
            422,
            "invalid_run",
        ),
        ({"language": "c", "source": "x", "callbackUrl": "ftp://example.com/"}, 422, "invalid_run"),
        ({"language": "c", "source": "x", "callbackUrl": "http://127.0.0.1:9/"}, 422, "invalid_run"),
        ({"language": "multifile", "source": "x"}, 422, "invalid_run"),
    ]
    for body, status, code in cases:
        response = service.http.post("/runs", json=body)
        assert (response.status_code, response.json()["code"]) == (status, code), (body, response.text)
    too_many = {"runs": [{"language": "python3", "source": "x"}] * 21}
    assert service.http.post("/runs/batch", json=too_many).status_code == 422


def test_compiler_options_and_additional_files_of_a_native_run(service: Service) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lib/value.h", "#define VALUE (BASE * 2)\n")
    source = '#include <stdio.h>\n#include "lib/value.h"\nint main(void){printf("%d\\n", VALUE);}'
    result = _run(
        service,
        {
            "language": "c",
            "source": source,
            "compilerOptions": "-DBASE=21 -Wall",
            "additionalFilesBase64": base64.b64encode(buffer.getvalue()).decode(),
        },
    )
    assert (result["outcome"], result["stdout"]) == ("ok", "42\n"), result


def test_another_users_run_is_not_found_and_admins_see_it(service: Service) -> None:
    alice, bob = _key(service, "user", "run-alice"), _key(service, "user", "run-bob")
    created = service.http.post("/runs", json={"language": "python3", "source": "print(1)"}, headers=alice)
    assert created.status_code == 201, created.text
    run_id = created.json()["id"]
    assert service.http.get(f"/runs/{run_id}", headers=bob).status_code == 404
    assert service.http.get(f"/runs/{run_id}", headers=alice).status_code == 200
    assert service.http.get(f"/runs/{run_id}").status_code == 200  # admin
    assert service.http.get("/runs/batch", params={"ids": run_id}, headers=bob).json()["runs"] == [None]
    assert httpx.get(f"{service.base}/runs/{run_id}").status_code == 401


def test_runs_are_rate_limited_per_key(service: Service) -> None:
    carol = _key(service, "user", "run-carol")
    statuses = [
        service.http.post("/runs", json={"language": "python3", "source": "print(1)"}, headers=carol)
        for _ in range(5)
    ]
    assert [r.status_code for r in statuses] == [201, 201, 201, 201, 429]
    assert statuses[-1].json()["code"] == "rate_limited"
    assert int(statuses[-1].headers["Retry-After"]) >= 1


def test_finished_runs_are_purged_after_the_retention_period(service: Service) -> None:
    run = _run(service, {"language": "python3", "source": "print(1)"})
    assert service.http.get(f"/runs/{run['id']}").status_code == 200
    deadline = time.monotonic() + 30
    while service.http.get(f"/runs/{run['id']}").status_code == 200:
        assert time.monotonic() < deadline, "the run was not purged"
        time.sleep(0.5)
    assert service.http.get(f"/runs/{run['id']}").status_code == 404


def test_a_flood_of_runs_does_not_starve_a_submission(service: Service) -> None:
    """Ten two-second runs are queued, then a submission: it is judged after at most a few of them (each
    wake-up takes either kind and the worker alternates), not after all ten. Each run sleeps longer than
    the submission takes to judge even on a loaded machine, so the count does not depend on the load."""
    problem = service.problem([("", "1\n")])
    sleeper = {"language": "python3", "source": "import time\ntime.sleep(2)\n"}
    runs = service.http.post("/runs/batch", json={"runs": [sleeper] * 10})
    assert runs.status_code == 201, runs.text
    submission = service.submit(problem, "python3", "print(1)")
    judged = service.wait_finished(submission["id"])
    assert judged["verdict"] == "accepted"
    ids = [run["id"] for run in runs.json()["runs"]]
    # Polled often and remembered as seen: this module keeps finished runs 3 s only (the retention test),
    # so the first runs are purged (null in a batch) before the last ones finish.
    finished_at: dict[str, str] = {}
    deadline = time.monotonic() + 90
    while len(finished_at) < len(ids):
        assert time.monotonic() < deadline, "the runs did not finish"
        batch = service.http.get("/runs/batch", params={"ids": ",".join(ids)}).json()["runs"]
        for run in batch:
            if run is not None and run["status"] == "finished":
                finished_at.setdefault(run["id"], run["finishedAt"])
        missing = [i for i, run in zip(ids, batch, strict=True) if run is None and i not in finished_at]
        assert not missing, f"runs purged before they were seen finished: {missing}"
        time.sleep(0.3)
    before = [run_id for run_id, at in finished_at.items() if at < judged["finishedAt"]]
    assert len(before) <= 4, f"{len(before)} of 10 runs finished before the submission"
