"""A worker's problems and their tests' metadata, by problem version: a judging whose claim names the
version (`Claim.problem_version`) reads neither from the database when it was cached, and an edit to the
problem or its tests changes the version, so the next claim misses and reads them again."""

from collections import OrderedDict
from dataclasses import dataclass, field
from uuid import UUID

from domain.problems.entities import Problem, TestCase

CACHED_PROBLEMS = 64


@dataclass(frozen=True, slots=True)
class CachedProblem:
    problem: Problem
    tests: list[TestCase]  # in order; judgings only read them


@dataclass(slots=True)
class ProblemCache:
    """The `capacity` most recently used problem versions."""

    capacity: int = CACHED_PROBLEMS
    _entries: OrderedDict[tuple[UUID, str], CachedProblem] = field(default_factory=OrderedDict, init=False)

    def get(self, problem_id: UUID, version: str | None) -> CachedProblem | None:
        if version is None:
            return None
        key = (problem_id, version)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, version: str | None, problem: Problem, tests: list[TestCase]) -> None:
        if version is None:
            return
        for key in [key for key in self._entries if key[0] == problem.id]:  # older versions are dead
            del self._entries[key]
        self._entries[(problem.id, version)] = CachedProblem(problem=problem, tests=tests)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
