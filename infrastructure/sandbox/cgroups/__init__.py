"""Per-run cgroups on v1 and v2 hierarchies: limits in, kernel counters out.

The sandbox nests everything under the cgroup this process already lives in (`sandbox-<pid>`), so it needs
no system-wide configuration and a crashed worker's leftovers are recognisable and removed at the next start.
"""

from pathlib import Path

from infrastructure.sandbox.cgroups.base import (
    CPU_V1_NS,
    CPU_V2_STAT,
    Cgroups,
    CgroupUnavailableError,
    CgroupUsage,
    RunCgroup,
    RunCgroupLimits,
    SlotCgroup,
)
from infrastructure.sandbox.cgroups.v1 import CgroupsV1
from infrastructure.sandbox.cgroups.v2 import CgroupsV2

__all__ = [
    "CPU_V1_NS",
    "CPU_V2_STAT",
    "CgroupUnavailableError",
    "CgroupUsage",
    "Cgroups",
    "CgroupsV1",
    "CgroupsV2",
    "RunCgroup",
    "RunCgroupLimits",
    "SlotCgroup",
    "open_cgroups",
]


def open_cgroups(version: str, cores: list[int] | None) -> Cgroups:
    """Detects (or forces, with version "1"/"2") the hierarchy to use; raises with every reason on failure."""
    mountinfo = Path("/proc/self/mountinfo").read_text()
    proc_cgroup = Path("/proc/self/cgroup").read_text()
    kinds: dict[str, list[type[CgroupsV1] | type[CgroupsV2]]] = {"1": [CgroupsV1], "2": [CgroupsV2]}
    order = kinds.get(version, [CgroupsV2, CgroupsV1])
    reasons = []
    for kind in order:
        try:
            return kind(mountinfo, proc_cgroup, cores)
        except (CgroupUnavailableError, OSError) as error:
            reasons.append(f"v{kind.version}: {error}")
    raise CgroupUnavailableError("; ".join(reasons))
