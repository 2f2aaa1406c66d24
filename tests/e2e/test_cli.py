import subprocess
import sys

from tests.processes import ROOT, service_env


def _run(*args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "__main__.py"), *args],
        cwd=ROOT,
        env=service_env(**settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_help_lists_every_mode() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for mode in ("server", "worker", "migrate"):
        assert mode in result.stdout


def test_unknown_mode_fails_with_one_clear_line_and_exit_2() -> None:
    result = _run("serve")
    assert result.returncode == 2
    assert "invalid choice: 'serve'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_setting_fails_with_one_line_naming_it() -> None:
    result = _run("server", port="eighty")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: invalid setting PORT='eighty'")


def test_bad_database_url_names_the_setting() -> None:
    result = _run("worker", database_url="mysql://root@localhost/x")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
