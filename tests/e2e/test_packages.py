"""Problem packages end to end: real server and worker processes. A package whose jury submissions
cover every verdict is imported over HTTP (its time limit computed from the accepted ones, its custom
validator compiled from a source and a header) and its verification matches them all; a scoring package
is imported with the `import-problem` command and verified the same way."""

import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.service import Service, running_service
from tests.package_builder import zip_entries
from tests.processes import ROOT

pytestmark = pytest.mark.e2e

THRESHOLD = ROOT / "tests" / "packages" / "threshold"

VALIDATOR_H = """#include <stdio.h>
#include <string.h>
/* Compares the output with the answer token by token; the answer file is the truth. */
static int same_tokens(FILE *answer, FILE *output, char *why) {
    char a[256], o[256];
    for (;;) {
        int ra = fscanf(answer, "%255s", a), ro = fscanf(output, "%255s", o);
        if (ra != 1 && ro != 1) return 1;
        if (ra != ro || strcmp(a, o) != 0) {
            sprintf(why, "expected %.100s", ra == 1 ? a : "the end");
            return 0;
        }
    }
}
"""
VALIDATOR_C = """#include "validate.h"
int main(int argc, char **argv) {
    char why[200] = "", path[4096];
    FILE *answer = fopen(argv[2], "r");
    if (!answer || argc < 4) return 1;
    int ok = same_tokens(answer, stdin, why);
    snprintf(path, sizeof path, "%sjudgemessage.txt", argv[3]);
    FILE *message = fopen(path, "w");
    if (message) { fputs(ok ? "ok" : why, message); fclose(message); }
    return ok ? 42 : 43;
}
"""
SUM_PY = "import sys\nfor line in sys.stdin:\n    a, b = map(int, line.split())\n    print(a + b)\n"
EVERY_VERDICT: Mapping[str, str | bytes] = {
    "problem.yaml": "name: Sum with every verdict\nvalidation: custom\nlimits:\n  memory: 64\n  output: 1\n",
    "problem_statement/problem.en.tex": "\\problemname{Sum}\nAdd the numbers of each line.\n",
    "output_validators/tokens/validate.c": VALIDATOR_C,
    "output_validators/tokens/validate.h": VALIDATOR_H,
    "data/sample/1.in": "1 2\n",
    "data/sample/1.ans": "3\n",
    "data/secret/1.in": "5 7\n10 20\n",
    "data/secret/1.ans": "12\n30\n",
    "data/secret/2.in": "-1 1\n",
    "data/secret/2.ans": "0\n",
    "submissions/accepted/sum.py": SUM_PY,
    "submissions/accepted/sum.c": "#include <stdio.h>\nint main(void) { long a, b;\n"
    ' while (scanf("%ld %ld", &a, &b) == 2) printf("%ld\\n", a + b);\n return 0; }\n',
    "submissions/wrong_answer/difference.py": SUM_PY.replace("a + b", "a - b"),
    "submissions/time_limit_exceeded/spin.py": "while True:\n    pass\n",
    "submissions/run_time_error/exit3.py": "raise SystemExit(3)\n",
    "submissions/run_time_error/hog.c": "#include <stdlib.h>\n#include <string.h>\nint main(void) {"
    " for (;;) { char *p = malloc(1 << 20); if (!p) return 1; memset(p, 1, 1 << 20); } }\n",
    "submissions/compiler_error/broken.c": "int main(void) { return }\n",
    "submissions/output_limit/flood.py": "import sys\nsys.stdout.write('x' * 20_000_000)\n",
    "submissions/mixed/lucky.py": "# @EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER\n" + SUM_PY,
}
SCORING: Mapping[str, str] = {
    "problem.yaml": "problem_format_version: 2025-09\ntype: scoring\nname: Echo\nlimits:\n  time_limit: 2\n",
    "statement/problem.en.md": "Print the number.\n",
    "data/sample/1.in": "0\n",
    "data/sample/1.ans": "0\n",
    "data/secret/small/test_group.yaml": "max_score: 30\n",
    "data/secret/small/1.in": "1\n",
    "data/secret/small/1.ans": "1\n",
    "data/secret/large/test_group.yaml": "max_score: 70\nscore_aggregation: min\n",
    "data/secret/large/1.in": "1000000\n",
    "data/secret/large/1.ans": "1000000\n",
    "submissions/accepted/echo.py": "print(input())\n",
    "submissions/partially_accepted/small_only.py": "n = int(input())\nprint(n if n < 1000 else 0)\n",
    "submissions/wrong_answer/zero.py": "print(0)\n",
    "submissions/submissions.yaml": "partially_accepted/small_only.py:\n  score: 30\n",
}


@pytest.fixture(scope="module")
def service(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    tmp_path = tmp_path_factory.mktemp("packages")
    with running_service(postgres_server, tmp_path, worker_concurrency="2") as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("c", "cpp", "python3")
        yield service


def _verified(service: Service, problem_id: str, timeout: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report: dict[str, Any] = service.http.get(f"/problems/{problem_id}/verification").json()
        if report["state"] == "done":
            return report
        time.sleep(1)
    tail = service.log.read_text(errors="replace")[-3000:]
    raise AssertionError(f"verification not done after {timeout}s: {report}\n{tail}")


def _mismatches(report: dict[str, Any]) -> list[tuple[str, list[str], str, float]]:
    return [
        (result["path"], result["expected"], result["verdict"], result["score"])
        for result in report["results"]
        if not result["matches"]
    ]


def test_jury_submissions_covering_every_verdict_all_match(service: Service) -> None:
    created = service.http.post(
        "/problems/import",
        params={"slug": "every-verdict"},
        files={"package": ("every-verdict.zip", zip_entries(EVERY_VERDICT), "application/zip")},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["verification"] == {"state": "calibrating", "total": 9}
    assert [file["name"] for file in body["checker"]["files"]] == ["validate.c", "validate.h"]

    report = _verified(service, body["id"])

    assert _mismatches(report) == []
    assert (report["total"], report["matched"]) == (9, 9)
    verdicts = {result["path"]: result["verdict"] for result in report["results"]}
    assert verdicts["time_limit_exceeded/spin.py"] == "time_limit_exceeded"
    assert verdicts["run_time_error/hog.c"] == "memory_limit_exceeded"
    assert verdicts["compiler_error/broken.c"] == "compilation_error"
    assert verdicts["output_limit/flood.py"] == "output_limit_exceeded"
    assert report["timeLimitSource"] == "computed"
    problem = service.http.get(f"/problems/{body['id']}").json()
    assert problem["limits"]["timeMs"] == report["timeLimitMs"] >= 1000
    wrong = service.http.get(
        f"/submissions/{next(r for r in report['results'] if r['path'].startswith('wrong'))['submissionId']}"
    ).json()
    assert "expected" in " ".join(
        test["checkerMessage"] for test in wrong["tests"]
    )  # the validator's message


def _write(root: Path, files: Mapping[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def test_a_scoring_package_imported_from_the_command_line_verifies(service: Service, tmp_path: Path) -> None:
    package = tmp_path / "echo"
    _write(package, SCORING)

    result = subprocess.run(
        [sys.executable, str(ROOT / "__main__.py"), "import-problem", str(package), "--publish"],
        cwd=ROOT,
        env=service.env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "imported echo" in result.stdout
    assert "100%" in result.stderr  # the progress bar
    listed = service.http.get("/problems", params={"limit": 100}).json()["items"]
    problem = next(item for item in listed if item["slug"] == "echo")
    assert problem["visibility"] == "public"
    assert problem["groups"] == [
        {"name": "sample", "points": 0.0},
        {"name": "large", "points": 70.0},
        {"name": "small", "points": 30.0},
    ]
    report = _verified(service, problem["id"])
    assert _mismatches(report) == []
    scores = {result["path"]: result["score"] for result in report["results"]}
    assert scores == {
        "accepted/echo.py": 100.0,
        "partially_accepted/small_only.py": 30.0,
        "wrong_answer/zero.py": 0.0,
    }
    assert report["timeLimitSource"] == "package"


def test_the_interactive_threshold_package_verifies_against_its_jury_submissions(service: Service) -> None:
    """The `threshold` package (a Kattis interactor in C++ with its header, fixed, random and adaptive
    tests): every jury submission, in C, C++, Java and Python, ends as its directory says, through real
    pipes between two sandboxes."""
    archive = zip_entries(
        {
            str(path.relative_to(THRESHOLD)): path.read_bytes()
            for path in sorted(THRESHOLD.rglob("*"))
            if path.is_file()
        }
    )
    created = service.http.post(
        "/problems/import",
        params={"slug": "threshold"},
        files={"package": ("threshold.zip", archive, "application/zip")},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["interactor"]["protocol"] == "kattis"

    report = _verified(service, body["id"], timeout=400)

    assert _mismatches(report) == []
    verdicts = {result["path"]: result["verdict"] for result in report["results"]}
    assert {"accepted", "wrong_answer", "time_limit_exceeded", "runtime_error"} <= set(verdicts.values())
    assert verdicts["time_limit_exceeded/no_flush.cc"] == "time_limit_exceeded"  # a deadlock: wall time
    assert verdicts["wrong_answer/bad_then_spin.c"] == "wrong_answer"  # rejected before it ran out of time
    assert verdicts["run_time_error/crash_after_answer.cc"] == "runtime_error"  # accepted, then crashed
    languages = {result["language"] for result in report["results"] if result["path"].startswith("accepted/")}
    assert languages == {"c", "cpp", "java", "python3"}
    accepted = next(r for r in report["results"] if r["path"] == "accepted/threshold.cc")
    seen = service.http.get(f"/submissions/{accepted['submissionId']}").json()
    assert any(test["transcriptToInteractor"] for test in seen["tests"])  # the author sees the interaction
