"""Starting the service's real processes for end-to-end tests."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from infrastructure.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def service_env(**settings: str) -> dict[str, str]:
    """The current environment without the service's own settings, plus `settings`."""
    own = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in own}
    env.update({k.upper(): v for k, v in settings.items()})
    return env


@contextmanager
def service_process(mode: str, env: Mapping[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Runs `python __main__.py MODE`; on exit sends SIGTERM and waits, then SIGKILL if it hangs."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "__main__.py"), mode], cwd=ROOT, env=dict(env), stdout=out, stderr=out
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(check: Callable[[], bool], timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{tail}")
