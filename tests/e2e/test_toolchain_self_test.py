"""One owner of the toolchain set, end to end: a worker offers a language only once its self-test has
compiled and run inside the sandbox, notices a toolchain installed while it runs (its slots are rebuilt to
mount it, then it is self-tested, then offered and judged), and never offers one whose self-test fails.

The worker's PATH is the detection source the test changes: it holds only bubblewrap at first (Python is
found by its absolute path), then a C compiler appears in a directory outside the system prefixes, so the
slots must mount it before anything compiled there can run."""

import os
import shutil
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.judging_plan import solution
from tests.e2e.service import Service, running_service
from tests.processes import wait_for

pytestmark = pytest.mark.e2e


def _script(path: Path, text: str) -> None:
    """Written whole, then made executable: detection never sees half a tool."""
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def toolchains() -> Iterator[Path]:
    # Not under /tmp: every run gets its own empty /tmp, which would hide a toolchain mounted there.
    root = Path("/var/tmp") / f"judge-toolchains-{uuid.uuid4().hex[:12]}"
    for name in ("later/bin", "broken/bin", "system"):
        (root / name).mkdir(parents=True)
    root.chmod(0o755)
    bwrap = shutil.which("bwrap")
    assert bwrap is not None
    (root / "system" / "bwrap").symlink_to(bwrap)
    # answers --version like a compiler, compiles nothing: detection finds it, its self-test fails
    _script(
        root / "broken/bin/g++",
        '#!/bin/sh\n[ "$1" = --version ] && { echo "g++ (broken) 1"; exit 0; }\nexit 1\n',
    )
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _offered(service: Service) -> set[str]:
    return {item["id"] for item in service.http.get("/languages").json()}


def test_a_toolchain_is_offered_only_after_its_self_test_and_then_judges(
    postgres_server: str, tmp_path: Path, toolchains: Path
) -> None:
    with running_service(postgres_server, tmp_path, worker_toolchain_redetect_seconds="1") as service:
        service.start_server()
        service.env["PATH"] = os.pathsep.join(
            str(toolchains / d) for d in ("later/bin", "broken/bin", "system")
        )
        service.start_worker()
        service.wait_for_languages("python3")
        assert not {"c", "cpp"} & _offered(service)

        _script(toolchains / "later/bin/gcc", '#!/bin/sh\nexec /usr/bin/gcc "$@"\n')
        service.wait_for_languages("c")

        problem = service.problem([("1 2\n", "3\n"), ("-5 5\n", "0\n")])
        judged = service.submit(problem, "c", solution("c", "accepted"), wait="60")
        assert judged["verdict"] == "accepted", judged
        assert [test["verdict"] for test in judged["tests"]] == ["accepted", "accepted"]

        log = service.log.read_text(errors="replace")
        assert "offering c (" in log
        assert "not offering cpp (g++ (broken) 1): the self-test did not compile" in log
        assert "cpp" not in _offered(service)
        refused = service.http.post(
            "/submissions", json={"problemId": problem, "language": "cpp", "source": "int main() {}"}
        )
        assert (refused.status_code, refused.json()["code"]) == (422, "language_unavailable")


def test_a_toolchain_that_goes_away_stops_being_offered(
    postgres_server: str, tmp_path: Path, toolchains: Path
) -> None:
    _script(toolchains / "later/bin/gcc", '#!/bin/sh\nexec /usr/bin/gcc "$@"\n')
    with running_service(postgres_server, tmp_path, worker_toolchain_redetect_seconds="1") as service:
        service.start_server()
        service.env["PATH"] = os.pathsep.join(
            str(toolchains / d) for d in ("later/bin", "broken/bin", "system")
        )
        service.start_worker()
        service.wait_for_languages("python3", "c")

        (toolchains / "later/bin/gcc").unlink()

        wait_for(lambda: "c" not in _offered(service), 30, "c no longer offered", service.log)
        assert "python3" in _offered(service)
