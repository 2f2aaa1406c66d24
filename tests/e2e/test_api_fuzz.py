"""Bad input never makes a 500: schemathesis generates requests from the OpenAPI description (examples,
boundary values, random data, chains of calls) against a real server process and checks every answer."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.service import ADMIN_KEY, running_service

pytestmark = pytest.mark.e2e


def test_no_generated_request_gets_a_server_error(postgres_server: str, tmp_path: Path) -> None:
    with running_service(postgres_server, tmp_path) as service:
        service.start_server()
        service.problem([("1\n", "1\n")])  # something to find: ids in lists, a non-empty table
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                f"http://127.0.0.1:{service.port}/openapi.json",
                "--header",
                f"Authorization: Bearer {ADMIN_KEY}",
                "--checks",
                "not_a_server_error",
                "--phases",
                "examples,coverage,fuzzing,stateful",
                "--max-examples",
                "30",
                "--seed",
                "20261122",
                "--no-color",
            ],
            cwd=tmp_path,  # its cache of found failures goes there, not into the project
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
