"""The sandbox's languages change while it runs: slots are rebuilt with the new toolchain mounts one at a
time (a run in progress finishes on its old zygote), and the self-test tells a working toolchain from a
broken one, in the real sandbox."""

import asyncio
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.judging.policy import COMPILE_LIMITS
from application.judging.sandbox import RunLimits, RunOutcome
from domain.languages.entities import Language
from infrastructure.languages.owner import self_test
from infrastructure.sandbox import SandboxConfig, create_sandbox
from tests.integration.sandbox.helpers import compile_source, run_source


def _tool(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def toolchains() -> Iterator[Path]:
    # Not under /tmp: every run gets its own empty /tmp, which would hide a toolchain mounted there.
    root = Path("/var/tmp") / f"judge-toolchains-{uuid.uuid4().hex[:12]}"
    root.mkdir(mode=0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


async def test_new_mounts_reach_every_slot_and_a_run_in_progress_finishes(
    tmp_path: Path, toolchains: Path, languages: dict[str, Language]
) -> None:
    if "python3" not in languages or shutil.which("gcc") is None:
        pytest.skip("needs Python and gcc")
    python = languages["python3"]
    gcc = _tool(toolchains / "gcc-later/bin/gcc", '#!/bin/sh\nexec /usr/bin/gcc "$@"\n')
    c = Language(id="c", name="C", version="wrapped gcc", tools={"cc": gcc})
    sandbox = await create_sandbox(SandboxConfig(root=tmp_path, slots=2), [python])
    try:
        before = sandbox.zygote_pids
        assert (await self_test(sandbox, c, COMPILE_LIMITS, tmp_path / "scratch")) is not None

        slow = asyncio.create_task(
            run_source(sandbox, python, "import time\ntime.sleep(1.5)\nprint('done')\n", limits=RunLimits())
        )
        await asyncio.sleep(0.5)  # the slow run holds one slot while the slots are rebuilt
        await sandbox.set_languages([python, c])
        ran = await slow

        assert ran.result.report.outcome is RunOutcome.OK
        assert ran.stdout == b"done\n"
        assert set(sandbox.zygote_pids).isdisjoint(before)
        assert (await self_test(sandbox, c, COMPILE_LIMITS, tmp_path / "scratch")) is None
        for _ in range(2):  # both slots reach the new toolchain
            sum_ = await run_source(
                sandbox,
                c,
                '#include <stdio.h>\nint main(void){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);}\n',
                stdin=b"2 3\n",
            )
            assert sum_.stdout == b"5\n"

        await sandbox.set_languages([python])
        gone = await compile_source(sandbox, c, "int main(void) { return 0; }\n")
        assert gone.artifact is None
        assert "not available in this sandbox" in (gone.report.internal_reason or "")
    finally:
        await sandbox.close()


async def test_the_same_mounts_restart_nothing(tmp_path: Path, languages: dict[str, Language]) -> None:
    if "python3" not in languages:
        pytest.skip("needs Python")
    sandbox = await create_sandbox(SandboxConfig(root=tmp_path, slots=2), [languages["python3"]])
    try:
        before = sandbox.zygote_pids
        await sandbox.set_languages([languages["python3"]])
        assert sandbox.zygote_pids == before
    finally:
        await sandbox.close()


async def test_a_toolchain_that_runs_but_cannot_compile_fails_its_self_test(
    tmp_path: Path, toolchains: Path, languages: dict[str, Language]
) -> None:
    if "python3" not in languages:
        pytest.skip("needs Python")
    broken = _tool(
        toolchains / "broken/bin/g++", "#!/bin/sh\necho 'g++: fatal error: no cc1plus' >&2\nexit 1\n"
    )
    cpp = Language(id="cpp", name="C++", version="broken", tools={"cxx": broken})
    sandbox = await create_sandbox(SandboxConfig(root=tmp_path, slots=2), [languages["python3"], cpp])
    try:
        reason = await self_test(sandbox, cpp, COMPILE_LIMITS, tmp_path / "scratch")
        assert reason is not None
        assert "the self-test did not compile" in reason
        assert "no cc1plus" in reason
        assert (await self_test(sandbox, languages["python3"], COMPILE_LIMITS, tmp_path / "scratch")) is None
    finally:
        await sandbox.close()
