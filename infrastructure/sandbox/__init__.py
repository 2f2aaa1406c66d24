"""The isolation engine behind `application.judging.sandbox.Sandbox` (the README's "Sandbox and security
model" section describes what it guarantees and how).

Its parts: `slots.py` (a pool of zygotes), `runner.py` (one run: cgroups, the zygote, classification),
`compiler.py` and `cache.py` (compiling, once per source), `isolation.py` (what secure and insecure mode do
differently), `instance.py` (the instance number that picks the slots' uids), `bwrap.py` (a slot's
namespaces and mounts), `cgroups/` (v1 and v2), `zygote.py` and `wire.py` (the helper `helper/sbx.c` and
its wire format `helper/wire.h`), `box.py` (files in a box the program controls), `detached.py` (host files
a program is handed without their path).
"""

import logging
from collections.abc import Sequence

from domain.languages.entities import Language
from infrastructure.sandbox.cgroups import Cgroups, CgroupUnavailableError, open_cgroups
from infrastructure.sandbox.config import SandboxConfig
from infrastructure.sandbox.instance import InstanceError, claim_instance
from infrastructure.sandbox.isolated_sandbox import IsolatedSandbox, SandboxUnavailableError
from infrastructure.sandbox.isolation import InsecureIsolation, Isolation, SecureIsolation, isolation_problems
from infrastructure.sandbox.slots import plan_cores, slot_total
from infrastructure.sandbox.toolchains import resolve_language

__all__ = [
    "IsolatedSandbox",
    "SandboxConfig",
    "SandboxUnavailableError",
    "create_sandbox",
    "resolve_language",
]

logger = logging.getLogger(__name__)


async def create_sandbox(config: SandboxConfig, languages: Sequence[Language]) -> IsolatedSandbox:
    """Builds and starts the sandbox: one zygote per slot. Raises SandboxUnavailableError (saying why) when
    programs cannot be isolated, unless `config.insecure` is set: then it warns and reports isolated=False."""
    if not config.helper.is_file():
        raise SandboxUnavailableError(
            f"the sandbox helper {config.helper} is missing: "
            "build it with `make -C infrastructure/sandbox/helper`"
        )
    config.root.mkdir(parents=True, exist_ok=True)
    problems = isolation_problems(config)
    cgroups: Cgroups | None = None
    if not problems:
        try:
            cgroups = open_cgroups(config.cgroup_version, plan_cores(config))
        except (CgroupUnavailableError, OSError) as error:
            problems.append(f"no usable cgroups: {error}")
    if problems and not config.insecure:
        raise SandboxUnavailableError(
            "refusing to run untrusted programs without isolation: "
            + "; ".join(problems)
            + " (set SANDBOX_INSECURE=true to run them unisolated anyway)"
        )
    isolation: Isolation
    if config.insecure:
        logger.warning(
            "SANDBOX_INSECURE=true: submissions run WITHOUT isolation; results are marked unisolated"
        )
        if cgroups is None:
            try:
                cgroups = open_cgroups(config.cgroup_version, None)
            except (CgroupUnavailableError, OSError):
                cgroups = None
        isolation = InsecureIsolation(config)
    else:
        try:
            instance = claim_instance(config.runtime_dir, config.uid_scheme, slot_total(config))
        except InstanceError as error:
            if cgroups is not None:
                cgroups.close()
            raise SandboxUnavailableError(f"no sandbox uids: {error}") from error
        logger.info(
            "sandbox instance %d: slots run as uids %d-%d",
            instance.number,
            instance.slot_id(0),
            instance.slot_id(slot_total(config) - 1),
        )
        tools = [tool for lang in languages for tool in lang.tools.values()]
        isolation = SecureIsolation(config, tools, instance)
    sandbox = IsolatedSandbox(config, languages, cgroups, isolation)
    try:
        await sandbox.start()
    except BaseException:
        if cgroups is not None:
            cgroups.close()
        raise
    return sandbox
