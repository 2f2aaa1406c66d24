from pathlib import Path

import pytest

from application.judging.sandbox import RunLimits, RunOutcome, TimeLimitKind
from domain.languages.entities import Language
from infrastructure.sandbox import SandboxConfig, SandboxUnavailableError, create_sandbox
from infrastructure.sandbox.cgroups import CgroupUnavailableError, open_cgroups
from tests.integration.sandbox.helpers import run_source


async def test_refuses_to_start_without_isolation(tmp_path: Path, languages: dict[str, Language]) -> None:
    config = SandboxConfig(root=tmp_path, slots=1, bwrap="/nonexistent/bwrap")
    with pytest.raises(SandboxUnavailableError, match="bubblewrap"):
        await create_sandbox(config, list(languages.values()))


async def test_insecure_mode_runs_unisolated_and_says_so(
    tmp_path: Path, languages: dict[str, Language], caplog: pytest.LogCaptureFixture
) -> None:
    config = SandboxConfig(root=tmp_path, slots=1, bwrap="/nonexistent/bwrap", insecure=True)
    sandbox = await create_sandbox(config, list(languages.values()))
    try:
        assert "SANDBOX_INSECURE" in caplog.text
        assert not sandbox.isolated
        run = await run_source(sandbox, languages["c"], '#include <stdio.h>\nint main(void){puts("hi");}')
        assert run.result.report.outcome is RunOutcome.OK
        assert run.stdout == b"hi\n"
        assert run.result.report.isolated is False
        loop = await run_source(
            sandbox, languages["c"], "int main(void){for(;;);}", limits=RunLimits(cpu_ms=300, wall_ms=2000)
        )
        assert loop.result.report.outcome is RunOutcome.TIME_LIMIT
    finally:
        await sandbox.close()


def _v2_unavailable() -> str | None:
    try:
        open_cgroups("2", None).close()
    except (CgroupUnavailableError, OSError) as error:
        return str(error)
    return None


async def test_cgroup_v2_limits_and_accounting(tmp_path: Path, languages: dict[str, Language]) -> None:
    reason = _v2_unavailable()
    if reason is not None:
        pytest.skip(f"cgroup v2 controllers are not available on this machine ({reason})")
    config = SandboxConfig(root=tmp_path, slots=1, cgroup_version="2")
    sandbox = await create_sandbox(config, list(languages.values()))
    try:
        assert sandbox.cgroup_version == 2
        ok = await run_source(sandbox, languages["c"], '#include <stdio.h>\nint main(void){puts("v2");}')
        assert ok.result.report.outcome is RunOutcome.OK
        assert ok.result.report.memory_kib > 0
        bomb = (
            "#include <stdlib.h>\n#include <string.h>\n"
            "int main(void){for(;;){char*p=malloc(16<<20); memset(p,1,16<<20);}}"
        )
        memory = await run_source(sandbox, languages["c"], bomb, limits=RunLimits(memory_kib=64 * 1024))
        assert memory.result.report.outcome is RunOutcome.MEMORY_LIMIT
        loop = await run_source(
            sandbox, languages["c"], "int main(void){for(;;);}", limits=RunLimits(cpu_ms=300, processes=1)
        )
        assert (loop.result.report.outcome, loop.result.report.time_limit_kind) == (
            RunOutcome.TIME_LIMIT,
            TimeLimitKind.CPU,
        )
    finally:
        await sandbox.close()
