import pytest

from domain.problems.entities import (
    DEFAULT_GROUP,
    LIMIT_BOUNDS,
    Group,
    Limits,
    group_names,
    next_test_name,
    validate_limits,
)
from domain.problems.exceptions import InvalidProblemError


@pytest.mark.parametrize(
    ("names", "expected"),
    [([], "1"), (["1", "2"], "3"), (["01", "02"], "3"), (["a", "b"], "1"), (["sample1", "7"], "8")],
)
def test_next_test_name_is_one_past_the_largest_number(names: list[str], expected: str) -> None:
    assert next_test_name(names) == expected


def test_group_names_default_to_the_default_group_only() -> None:
    assert group_names([]) == {DEFAULT_GROUP}
    assert group_names([Group(name="a", points=1)]) == {"a"}


@pytest.mark.parametrize("name", sorted(LIMIT_BOUNDS))
def test_each_limit_accepts_its_bounds_and_refuses_past_them(name: str) -> None:
    low, high = LIMIT_BOUNDS[name]
    base = {"time_ms": 1, "memory_mb": 1, "wall_time_ms": None}
    for value in (low, high):
        validate_limits(Limits(**{**base, name: value}))  # type: ignore[arg-type]
    for value in (low - 1, high + 1):
        with pytest.raises(InvalidProblemError):
            validate_limits(Limits(**{**base, name: value}))  # type: ignore[arg-type]


def test_the_sandbox_enforces_exactly_the_ceiling_a_problem_may_declare() -> None:
    from infrastructure.sandbox.config import MAX_RUN_LIMITS

    assert MAX_RUN_LIMITS.cpu_ms == LIMIT_BOUNDS["time_ms"][1]
    assert MAX_RUN_LIMITS.wall_ms == LIMIT_BOUNDS["wall_time_ms"][1]
    assert MAX_RUN_LIMITS.memory_kib == LIMIT_BOUNDS["memory_mb"][1] * 1024
    assert MAX_RUN_LIMITS.stdout_bytes == LIMIT_BOUNDS["output_kb"][1] * 1024
