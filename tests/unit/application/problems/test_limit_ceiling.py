"""One ceiling for limits: a derived wall time never exceeds what the sandbox enforces, and the compile
settings' defaults and ceilings come from the one definition of each."""

import pytest

from application.judging.policy import COMPILE_LIMITS
from domain.problems.entities import LIMIT_BOUNDS, Limits
from infrastructure.config import ConfigError, load_settings


def test_a_derived_wall_time_stops_at_the_wall_time_ceiling() -> None:
    top = LIMIT_BOUNDS["time_ms"][1]

    assert Limits(time_ms=1000, memory_mb=64).effective_wall_time_ms == 3000
    assert Limits(time_ms=top, memory_mb=64).effective_wall_time_ms == LIMIT_BOUNDS["wall_time_ms"][1]


def test_compile_settings_default_to_the_compile_limits_and_stop_at_the_run_ceilings() -> None:
    settings = load_settings()
    assert settings.compile_cpu_seconds * 1000 == COMPILE_LIMITS.cpu_ms
    assert settings.compile_wall_seconds * 1000 == COMPILE_LIMITS.wall_ms
    with pytest.raises(
        ConfigError, match=r"COMPILE_CPU_SECONDS=61\.0: Input should be less than or equal to 60"
    ):
        load_settings(compile_cpu_seconds=LIMIT_BOUNDS["time_ms"][1] / 1000 + 1)
    with pytest.raises(ConfigError, match="COMPILE_WALL_SECONDS"):
        load_settings(compile_wall_seconds=LIMIT_BOUNDS["wall_time_ms"][1] / 1000 + 1)
