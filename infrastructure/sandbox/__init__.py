"""The isolation engine behind `application.judging.sandbox.Sandbox` (see docs/SANDBOX.md)."""

import logging
import os
import shutil
from collections.abc import Sequence

from domain.languages.entities import Language
from infrastructure.sandbox.cgroups import Cgroups, CgroupUnavailableError, open_cgroups
from infrastructure.sandbox.config import SandboxConfig
from infrastructure.sandbox.engine import IsolatedSandbox, SandboxUnavailableError
from infrastructure.sandbox.toolchains import resolve_language

__all__ = [
    "IsolatedSandbox",
    "SandboxConfig",
    "SandboxUnavailableError",
    "create_sandbox",
    "resolve_language",
]

logger = logging.getLogger(__name__)


def _isolation_problems(config: SandboxConfig) -> list[str]:
    problems = []
    if os.geteuid() != 0:
        problems.append(
            "the worker must run as root to create cgroups and drop programs to an unprivileged uid"
        )
    if shutil.which(config.bwrap) is None:
        problems.append(f"bubblewrap ({config.bwrap!r}) is not installed")
    return problems


async def create_sandbox(config: SandboxConfig, languages: Sequence[Language]) -> IsolatedSandbox:
    """Builds and starts the sandbox: one zygote per slot. Raises SandboxUnavailableError (saying why) when
    programs cannot be isolated, unless `config.insecure` is set: then it warns and reports isolated=False."""
    if not config.helper.is_file():
        raise SandboxUnavailableError(
            f"the sandbox helper {config.helper} is missing: "
            "build it with `make -C infrastructure/sandbox/helper`"
        )
    config.root.mkdir(parents=True, exist_ok=True)
    problems = _isolation_problems(config)
    cores = None
    cgroups: Cgroups | None = None
    if not problems:
        slots = config.slots or len(os.sched_getaffinity(0))
        all_cores = sorted(os.sched_getaffinity(0))
        cores = all_cores[:slots] if config.pin_cpus and len(all_cores) >= slots else None
        try:
            cgroups = open_cgroups(config.cgroup_version, cores)
        except (CgroupUnavailableError, OSError) as error:
            problems.append(f"no usable cgroups: {error}")
    if problems and not config.insecure:
        raise SandboxUnavailableError(
            "refusing to run untrusted programs without isolation: "
            + "; ".join(problems)
            + " (set SANDBOX_INSECURE=true to run them unisolated anyway)"
        )
    if config.insecure:
        logger.warning(
            "SANDBOX_INSECURE=true: submissions run WITHOUT isolation; results are marked unisolated"
        )
        if cgroups is None:
            try:
                cgroups = open_cgroups(config.cgroup_version, None)
            except (CgroupUnavailableError, OSError):
                cgroups = None
    sandbox = IsolatedSandbox(config, languages, cgroups, secure=not config.insecure)
    try:
        await sandbox.start()
    except BaseException:
        if cgroups is not None:
            cgroups.close()
        raise
    return sandbox
