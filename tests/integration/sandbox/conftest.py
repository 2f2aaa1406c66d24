import os
import re
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from domain.languages.entities import Language
from domain.languages.specs import LANGUAGE_SPECS
from infrastructure.sandbox import IsolatedSandbox, SandboxConfig, create_sandbox, resolve_language
from infrastructure.sandbox.config import HELPER_DIR, PROJECT_ROOT

if os.geteuid() != 0:
    pytest.skip("the sandbox needs root (cgroups, dropping to the slots' uids)", allow_module_level=True)
if shutil.which("bwrap") is None:
    pytest.skip("bubblewrap is not installed (make installs it)", allow_module_level=True)
if not (HELPER_DIR / "build" / "sbx").exists():
    subprocess.run(["make", "-C", str(HELPER_DIR)], check=True)


@pytest.fixture(scope="session")
def languages() -> dict[str, Language]:
    found = {spec.id: resolve_language(spec) for spec in LANGUAGE_SPECS}
    return {key: value for key, value in found.items() if value is not None}


@pytest.fixture(scope="session")
def sandbox_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sandbox")


@pytest.fixture(scope="session")
async def sandbox(sandbox_root: Path, languages: dict[str, Language]) -> AsyncIterator[IsolatedSandbox]:
    box = await create_sandbox(SandboxConfig(root=sandbox_root, slots=2), list(languages.values()))
    yield box
    await box.close()


def _status(pid: str) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def leftover_processes(sandbox: IsolatedSandbox) -> list[str]:
    """Processes descending from our zygotes or living in a run or slot cgroup of this worker: none between
    runs."""
    zygotes = {str(pid) for pid in sandbox.zygote_pids}
    marker = re.compile(rf"/sandbox-{os.getpid()}-\d+/(run|slot)-")
    parents = {}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        status = _status(entry.name)
        parents[entry.name] = status.get("PPid", "0")
        try:
            in_run_cgroup = marker.search((entry / "cgroup").read_text()) is not None
        except OSError:
            in_run_cgroup = False
        if in_run_cgroup:
            found.append(f"{entry.name} {status.get('Name')} in a run cgroup")
    for pid, parent in parents.items():
        chain = parent
        for _ in range(64):
            if chain in zygotes:
                found.append(f"{pid} {_status(pid).get('Name')} under zygote {chain}")
                break
            if chain in ("0", "1") or chain not in parents:
                break
            chain = parents[chain]
    return found


def sandbox_owned_files(uids: list[int]) -> list[str]:
    """Anything a slot's uid managed to create on the host (the box itself is not on the host)."""
    roots = ["/tmp", "/var/tmp", "/dev/shm", str(PROJECT_ROOT)]
    owned = [arg for uid in uids for arg in ("-o", "-uid", str(uid))][1:]
    result = subprocess.run(
        ["find", *roots, "-xdev", "(", *owned, ")", "-not", "-path", "/proc/*"],
        capture_output=True,
        text=True,
    )
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def clean_host(sandbox: IsolatedSandbox) -> Iterator[None]:
    """Asserts after the test that no sandboxed process survives and nothing it wrote is on the host."""
    assert leftover_processes(sandbox) == []
    yield
    assert leftover_processes(sandbox) == []
    assert sandbox_owned_files(sandbox.slot_uids) == []
    assert len(sandbox.zygote_pids) == sandbox.slot_count == 2, "the worker is healthy"
