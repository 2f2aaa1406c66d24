"""A package's time limit: given, or found from its jury solutions.

2025-09: `limits.time_limit` (seconds) when given; otherwise the smallest multiple of `time_resolution`
(default 1 s) that is at least the slowest accepted jury solution's time x `ac_to_time_limit` (default 2).
Legacy: the same with `time_multiplier` (default 5) and a resolution of 1 s (as problemtools maps it).
The slowest time is the largest CPU time of any test of an accepted jury solution that got what it was
expected to get. Time-limit-exceeded solutions should then run past `time_limit_to_tle` (2025-09,
default 1.5; legacy `time_safety_margin`, default 2) times the limit; that is not measured here (they are
stopped at the limit).
"""

import math
from dataclasses import dataclass

CALIBRATION_TIME_MS = 20_000
"""The time limit under which accepted jury solutions are first judged when the limit is to be found."""
FALLBACK_TIME_MS = 1_000
"""The limit when the package gives none and no accepted jury solution can tell it."""
MAX_TIME_MS = 60_000


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeLimitRule:
    fixed_ms: int | None = None
    ac_to_time_limit: float = 2.0
    time_limit_to_tle: float = 1.5
    resolution_ms: int = 1000

    @property
    def computed(self) -> bool:
        return self.fixed_ms is None


def time_limit_from(rule: TimeLimitRule, slowest_ms: int) -> int:
    """The limit for a slowest accepted time of `slowest_ms`, within [resolution, MAX_TIME_MS]."""
    exact = slowest_ms * rule.ac_to_time_limit
    steps = max(1, math.ceil(exact / rule.resolution_ms - 1e-9))
    return min(steps * rule.resolution_ms, MAX_TIME_MS)
