"""The Judge0 CE 1.13.1 API, driven by the official Judge0 Python SDK (unmodified) and by raw HTTP, against
a real server and worker."""

import base64
import io
import stat
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import httpx
import judge0
import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from tests.e2e.service import ADMIN_KEY, Service, running_service


@pytest.fixture(scope="module")
def service(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with running_service(
        postgres_server,
        tmp_path_factory.mktemp("judge0"),
        worker_concurrency="2",
        webhook_allow_private="true",  # the callback receivers are on 127.0.0.1
    ) as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3", "c")
        yield service


@pytest.fixture(scope="module")
def client(service: Service) -> judge0.Client:
    return judge0.Client(f"http://127.0.0.1:{service.port}/judge0", headers={"X-Auth-Token": ADMIN_KEY})


@pytest.fixture(scope="module")
def raw(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"http://127.0.0.1:{service.port}/judge0", headers={"X-Auth-Token": ADMIN_KEY}, timeout=60
    ) as http:
        yield http


def test_the_sdk_runs_one_program(client: judge0.Client) -> None:
    result = judge0.run(client=client, source_code="print(input()[::-1])", language=71, stdin="abc")
    assert result.status == judge0.Status.ACCEPTED
    assert result.stdout == "cba\n"
    assert result.time is not None
    assert result.memory is not None
    assert result.created_at is not None
    assert result.finished_at is not None


def test_the_sdk_runs_several_test_cases_through_the_batch_endpoints(client: judge0.Client) -> None:
    results = judge0.run(
        client=client,
        source_code="print(int(input()) * 2)",
        language=judge0.PYTHON,
        test_cases=[("1", "2"), ("2", "4"), ("3", "7")],
    )
    assert [r.status for r in results] == [
        judge0.Status.ACCEPTED,
        judge0.Status.ACCEPTED,
        judge0.Status.WRONG_ANSWER,
    ]
    assert [r.stdout for r in results] == ["2\n", "4\n", "6\n"]


def test_the_sdk_sees_a_compilation_error(client: judge0.Client) -> None:
    result = judge0.run(client=client, source_code="int main(void){ return x; }", language=judge0.C)
    assert result.status == judge0.Status.COMPILATION_ERROR
    assert "x" in (result.compile_output or "")


def test_the_sdk_sees_a_time_limit(client: judge0.Client) -> None:
    result = judge0.run(client=client, source_code="while True: pass", language=71, cpu_time_limit=0.5)
    assert result.status == judge0.Status.TIME_LIMIT_EXCEEDED


def test_the_sdk_reads_output_that_is_not_utf8_in_base64(client: judge0.Client, raw: httpx.Client) -> None:
    source = "import sys; sys.stdout.buffer.write(b'\\xff\\xfeok')"
    result = judge0.run(client=client, source_code=source, language=71)
    assert result.status == judge0.Status.ACCEPTED
    assert result.stdout is not None
    assert result.stdout.endswith("ok")
    token = str(result.token)
    encoded = raw.get(f"/submissions/{token}", params={"base64_encoded": "true"}).json()
    assert base64.b64decode(encoded["stdout"]) == b"\xff\xfeok"
    plain = raw.get(f"/submissions/{token}")
    assert plain.status_code == 400
    assert "base64_encoded=true" in plain.json()["error"]


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []
    arrived = threading.Event()

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((self.command, {k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(200)
        self.end_headers()
        _Receiver.arrived.set()

    def log_message(self, *_: object) -> None:
        return


def test_a_callback_receives_one_signed_put_when_the_run_finishes(
    client: judge0.Client, service: Service
) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        result = judge0.run(client=client, source_code="print('hi')", language=71, callback_url=url)
        assert _Receiver.arrived.wait(30), "no callback arrived"
        time.sleep(0.5)  # a second PUT would have come by now
    finally:
        server.shutdown()
    assert len(_Receiver.received) == 1
    method, headers, raw = _Receiver.received[0]
    assert method == "PUT"
    secret = service.http.get("/webhooks/callback-secret").json()["secret"]
    body = Webhook(secret).verify(raw, headers)  # Standard Webhooks: webhook-id, -timestamp, -signature
    assert body["token"] == str(result.token)
    assert body["status"] == {"id": 3, "description": "Accepted"}
    assert base64.b64decode(body["stdout"]) == b"hi\n"
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + base64.b64encode(b"0" * 32).decode()).verify(raw, headers)


def test_raw_submission_with_wait_fields_and_formats(raw: httpx.Client) -> None:
    created = raw.post(
        "/submissions",
        params={
            "wait": "true",
            "fields": "stdout,status_id,time,wall_time,memory,exit_code,created_at,language",
        },
        json={
            "source_code": "import sys; print(sys.argv[1]); sys.exit(4)",
            "language_id": 71,
            "command_line_arguments": "'a b'",
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == {
        "stdout",
        "status_id",
        "time",
        "wall_time",
        "memory",
        "exit_code",
        "created_at",
        "language",
    }
    assert body["stdout"] == "a b\n"
    assert body["status_id"] == 11
    assert body["exit_code"] == 4
    assert isinstance(body["time"], str)
    assert float(body["time"]) >= 0
    assert body["created_at"].endswith("Z")
    assert len(body["created_at"]) == 24
    assert body["language"]["id"] == 71
    assert body["language"]["name"].startswith("Python (3.")


def test_raw_status_ids_for_signals(raw: httpx.Client) -> None:
    cases = [
        ("#include <signal.h>\nint main(void){raise(SIGSEGV);}", 7),
        ("#include <stdlib.h>\nint main(void){abort();}", 10),
        ("#include <signal.h>\nint main(void){raise(SIGFPE);}", 9),
        ("#include <signal.h>\nint main(void){raise(SIGUSR1);}", 12),
    ]
    for source, status in cases:
        body = raw.post(
            "/submissions",
            params={"wait": "true", "fields": "status,exit_signal"},
            json={"source_code": source, "language_id": 50},
        ).json()
        assert body["status"]["id"] == status, (source, body)


def test_raw_errors_are_judge0s(raw: httpx.Client, service: Service) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"source_code": "x"}, "language_id"),
        ({"source_code": "x", "language_id": 9999}, "language_id"),
        ({"language_id": 71}, "source_code"),
        ({"source_code": "x", "language_id": 71, "cpu_time_limit": 100}, "cpu_time_limit"),
        ({"source_code": "x", "language_id": 71, "memory_limit": "lots"}, "memory_limit"),
        ({"source_code": "x", "language_id": 71, "enable_network": True}, "enable_network"),
        ({"source_code": "x", "language_id": 71, "compiler_options": "-O3"}, "compiler_options"),
        ({"source_code": "x", "language_id": 71, "callback_url": "http://a/\u0000"}, "callback_url"),
        ({"source_code": "x", "language_id": 71, "callback_url": "ftp://host/"}, "callback_url"),
        ({"source_code": "x", "language_id": 71, "callback_url": "http://host:99999999/"}, "callback_url"),
        (
            {"source_code": "x", "language_id": 71, "command_line_arguments": "a\u0000"},
            "command_line_arguments",
        ),
        (
            {"source_code": "x", "language_id": 71, "command_line_arguments": "'open"},
            "command_line_arguments",
        ),
        ({"source_code": "%%%", "language_id": 71, "_base64": True}, "source_code"),
        ({"source_code": "x", "language_id": "seventy"}, "language_id"),
        ({"source_code": "x", "language_id": 71, "number_of_runs": 21}, "number_of_runs"),
        ({"source_code": "x", "language_id": 71, "stdin": "x" * (1024 * 1024 + 1)}, "stdin"),
        ({"source_code": "x" * (256 * 1024 + 1), "language_id": 71}, "source_code"),
    ]
    for body, field in cases:
        params = {"base64_encoded": "true"} if body.pop("_base64", False) else {}
        response = raw.post("/submissions", json=body, params=params)
        assert response.status_code == 422, (body, response.text)
        assert list(response.json()) == [field]
        assert isinstance(response.json()[field], list)
    assert raw.get("/submissions/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12).status_code == 404
    token = raw.post("/submissions", json={"source_code": "print(1)", "language_id": 71}).json()["token"]
    bad_fields = raw.get(f"/submissions/{token}", params={"fields": "stdout,nope"})
    assert bad_fields.status_code == 400
    assert "nope" in bad_fields.json()["error"]
    too_many = raw.post(
        "/submissions/batch", json={"submissions": [{"source_code": "x", "language_id": 71}] * 21}
    )
    assert too_many.status_code == 422
    anonymous = httpx.post(
        f"http://127.0.0.1:{service.port}/judge0/submissions", json={"source_code": "x", "language_id": 71}
    )
    assert anonymous.status_code == 401
    for content in (b"not json", b"[1, 2]", b'"text"', b'{"source_code": "\\ud800", "language_id": 71}'):
        hostile = raw.post("/submissions", content=content, headers={"content-type": "application/json"})
        assert hostile.status_code in (400, 422), (content, hostile.text)
        assert "error" in hostile.json() or len(hostile.json()) == 1


def test_raw_batch_delete_and_informational_endpoints(raw: httpx.Client) -> None:
    created = raw.post(
        "/submissions/batch",
        json={"submissions": [{"source_code": "print(1)", "language_id": 71}, {"language_id": 71}]},
    )
    assert created.status_code == 201
    first, second = created.json()
    assert "token" in first
    assert second == {"source_code": ["can't be blank"]}
    done = raw.get(f"/submissions/{first['token']}", params={"wait": "true"}).json()
    assert done["status"]["id"] == 3
    batch = raw.get("/submissions/batch", params={"tokens": first["token"], "fields": "token,stdout"}).json()
    assert batch == {"submissions": [{"token": first["token"], "stdout": "1\n"}]}
    deleted = raw.delete(f"/submissions/{first['token']}")
    assert deleted.status_code == 200
    assert deleted.json()["token"] == first["token"]
    assert raw.get(f"/submissions/{first['token']}").status_code == 404
    assert raw.get("/about").json()["version"] == "1.13.1"
    statuses = raw.get("/statuses").json()
    assert [s["id"] for s in statuses] == list(range(1, 15))
    config = raw.get("/config_info").json()
    assert config["max_submission_batch_size"] == 20
    assert config["cpu_time_limit"] == 5.0
    ids = {language["id"] for language in raw.get("/languages").json()}
    assert {50, 71} <= ids
    assert raw.get("/languages/71").json()["id"] == 71
    assert raw.get("/workers").status_code == 200
    assert raw.get("/system_info").status_code == 200


def _submit(raw: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return raw.post("/submissions", params={"wait": "true", "fields": "*"}, json=body)


def test_compiler_options_reach_the_compiler_as_words(raw: httpx.Client) -> None:
    source = (
        "#include <stdio.h>\n#define S_(x) #x\n#define S(x) S_(x)\n"
        "int main(void){puts(GREETING); puts(S(RAW));}"
    )
    body = _submit(
        raw,
        {
            "source_code": source,
            "language_id": 50,
            "compiler_options": "-DGREETING='\"hi there\"' -DRAW=$(id);`id`|&>x",
        },
    ).json()
    assert body["status"]["id"] == 3, body
    assert body["stdout"] == "hi there\n$(id);`id`|&>x\n"  # no shell: every metacharacter stayed literal
    assert body["compiler_options"] == "-DGREETING='\"hi there\"' -DRAW=$(id);`id`|&>x"


def test_hostile_compiler_options_end_in_a_clean_verdict(raw: httpx.Client, tmp_path: Any) -> None:
    marker = tmp_path / "pwned"
    hello = '#include <stdio.h>\nint main(void){puts("ok");}'
    cases = {
        f"; rm -rf / ; touch {marker}": 6,  # `;`, `rm`, `/`… are file names to gcc: no such file
        f"$(touch {marker}) `touch {marker}`": 6,
        "-o /elsewhere/out": 3,  # the judge's own `-o main` comes after and wins
        "-o /dev/null": 3,
        "-fno-such-flag": 6,
    }
    for options, status in cases.items():
        body = _submit(raw, {"source_code": hello, "language_id": 50, "compiler_options": options}).json()
        assert body["status"]["id"] == status, (options, body)
        if status == 3:
            assert body["stdout"] == "ok\n"
    assert not marker.exists()


def test_compiler_options_refused_as_judge0_refuses_them(raw: httpx.Client) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"language_id": 71, "compiler_options": "-O2"}, "only allowed for compiled languages"),
        ({"language_id": 63, "compiler_options": "-O2"}, "only allowed for compiled languages"),
        ({"language_id": 50, "compiler_options": "-O" * 257}, "is too long (maximum is 512 characters)"),
        ({"language_id": 50, "compiler_options": "@/etc/passwd"}, "@file"),
        ({"language_id": 50, "compiler_options": "-DX=1\u0000"}, "NUL"),
        ({"language_id": 50, "compiler_options": "-DX=1\n-DY"}, "control"),
        ({"language_id": 50, "compiler_options": "-DX='open"}, "quote"),
        ({"language_id": 50, "compiler_options": 5}, "must be a string"),
    ]
    for fields, message in cases:
        response = raw.post("/submissions", json={"source_code": "int main(){}", **fields})
        assert response.status_code == 422, (fields, response.text)
        body = response.json()
        assert list(body) == ["compiler_options"], body
        assert message in body["compiler_options"][0], body
    assert raw.get("/config_info").json()["enable_compiler_options"] is True


def _zip(*entries: tuple[str | zipfile.ZipInfo, bytes]) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return base64.b64encode(buffer.getvalue()).decode()


def test_additional_files_lie_beside_the_source_for_compile_and_run(raw: httpx.Client) -> None:
    source = (
        '#include <stdio.h>\n#include "inc/answer.h"\n'
        'int main(void){char s[16]={0}; FILE *f=fopen("data/word.txt","r"); fgets(s,16,f);'
        ' printf("%d %s", ANSWER, s);}'
    )
    files = _zip(("inc/answer.h", b"#define ANSWER 42\n"), ("data/word.txt", b"zip\n"))
    body = _submit(raw, {"source_code": source, "language_id": 50, "additional_files": files}).json()
    assert body["status"]["id"] == 3, body
    assert body["stdout"] == "42 zip\n"
    assert body["additional_files"] == files
    python = _submit(
        raw,
        {
            "source_code": "import helper\nprint(helper.twice(21))",
            "language_id": 71,
            "additional_files": _zip(("helper.py", b"def twice(x):\n    return 2 * x\n")),
        },
    ).json()
    assert python["status"]["id"] == 3, python
    assert python["stdout"] == "42\n"
    assert raw.get("/config_info").json()["enable_additional_files"] is True


def test_hostile_additional_files_are_422(raw: httpx.Client) -> None:
    link = zipfile.ZipInfo("link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros", b"\0" * (64 << 20))
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as archive:
        for number in range(10_000):
            archive.writestr(f"f{number}", b"")
    cases = {
        "traversal": _zip(("../../etc/cron.d/x", b"x")),
        "absolute": _zip(("/tmp/x", b"x")),
        "symlink": _zip((link, b"/etc/passwd")),
        "bomb": base64.b64encode(bomb.getvalue()).decode(),
        "10000 entries": base64.b64encode(many.getvalue()).decode(),
        "corrupt": base64.b64encode(b"PK\x03\x04" + b"\xff" * 200).decode(),
        "not base64": "%%% not base64 %%%",
        "the source's name": _zip(("main.c", b"int main(){}")),
        "the compiler's output": _zip(("main", b"\x7fELF")),
        "a directory named as the source": _zip(("main.c/x.h", b"")),
        "odd name": _zip(("-rf", b"x")),
        "empty zip": _zip(),
    }
    for case, files in cases.items():
        response = raw.post(
            "/submissions", json={"source_code": "int main(){}", "language_id": 50, "additional_files": files}
        )
        assert response.status_code == 422, (case, response.text)
        body = response.json()
        assert list(body) == ["additional_files"], (case, body)
        assert isinstance(body["additional_files"][0], str)


def test_a_multi_file_program_compiles_and_runs_its_scripts_with_bash(
    raw: httpx.Client, service: Service
) -> None:
    service.wait_for_languages("multifile", "bash")
    program = _zip(
        ("compile", b"gcc -O2 -o prog src/main.c src/twice.c\n"),
        ("run", b'./prog "$@"\n'),
        (
            "src/main.c",
            b'#include <stdio.h>\nint twice(int);\nint main(void){int x; scanf("%d",&x);'
            b' printf("%d\\n", twice(x));}\n',
        ),
        ("src/twice.c", b"int twice(int x){return 2*x;}\n"),
    )
    body = _submit(raw, {"language_id": 89, "additional_files": program, "stdin": "21"}).json()
    assert body["status"]["id"] == 3, body
    assert body["stdout"] == "42\n"
    assert body["language"]["name"] == "Multi-file program"
    broken = _zip(("compile", b"gcc -o prog missing.c\n"), ("run", b"./prog\n"))
    failed = _submit(raw, {"language_id": 89, "additional_files": broken}).json()
    assert failed["status"]["id"] == 6, failed
    assert "missing.c" in failed["compile_output"]
    script_only = _zip(("run", b"python3 tool/hello.py\n"), ("tool/hello.py", b"print('no compile step')\n"))
    ran = _submit(raw, {"language_id": 89, "additional_files": script_only}).json()
    assert ran["status"]["id"] == 3, ran
    assert ran["stdout"] == "no compile step\n"
    bash = _submit(raw, {"language_id": 46, "source_code": "read x; echo $((x * 2))", "stdin": "4"}).json()
    assert bash["status"]["id"] == 3, bash
    assert bash["stdout"] == "8\n"


def test_a_multi_file_program_is_refused_as_judge0_refuses_it(raw: httpx.Client) -> None:
    cases: list[tuple[dict[str, Any], str, str]] = [
        (
            {"source_code": "echo hi", "additional_files": _zip(("run", b"echo"))},
            "source_code",
            "must be blank",
        ),
        ({}, "additional_files", "can't be blank"),
        ({"additional_files": _zip(("compile", b"true"))}, "additional_files", "run"),
        (
            {"additional_files": _zip(("run", b"x")), "compiler_options": "-O2"},
            "compiler_options",
            "compiled",
        ),
    ]
    for fields, field, message in cases:
        response = raw.post("/submissions", json={"language_id": 89, **fields})
        assert response.status_code == 422, (fields, response.text)
        assert list(response.json()) == [field], response.text
        assert message in response.json()[field][0], response.text


def test_command_line_arguments_stay_literal_words(raw: httpx.Client) -> None:
    body = _submit(
        raw,
        {
            "source_code": "import sys; print(sys.argv[1:])",
            "language_id": 71,
            "command_line_arguments": "$(id); rm -rf / `id` '|&' \"a b\" >out",
        },
    ).json()
    assert body["status"]["id"] == 3, body
    assert body["stdout"] == "['$(id);', 'rm', '-rf', '/', '`id`', '|&', 'a b', '>out']\n"
    too_long = raw.post(
        "/submissions", json={"source_code": "1", "language_id": 71, "command_line_arguments": "a" * 513}
    )
    assert too_long.status_code == 422
    assert too_long.json() == {"command_line_arguments": ["is too long (maximum is 512 characters)"]}
