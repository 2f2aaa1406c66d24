import dataclasses
from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.messaging.events import NO_EVENTS, EventRecorder
from application.problems.access import manageable
from application.transactions import TransactionManager
from domain.accounts.entities import Visibility
from domain.judging.checkers import CheckerSpec, CustomChecker
from domain.judging.enums import ProblemType
from domain.problems.entities import (
    Group,
    Limits,
    Problem,
    StatementFormat,
    group_names,
    validate_problem,
)
from domain.problems.events import problem_events
from domain.problems.exceptions import GroupInUseError
from domain.problems.repositories import ProblemSaver, ProblemTestReader


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateProblemInput:
    """None leaves a field as it is; a given field replaces the stored one whole (limits included)."""

    problem_id: UUID
    slug: str | None = None
    title: str | None = None
    statement: str | None = None
    statement_format: StatementFormat | None = None
    type: ProblemType | None = None
    limits: Limits | None = None
    checker: CheckerSpec | None = None
    interactor: CustomChecker | None = None
    clear_interactor: bool = False  # the problem becomes a standard one
    groups: list[Group] | None = None
    visibility: Visibility | None = None
    allow_file_writing: bool | None = None


@dataclass(frozen=True, slots=True)
class UpdateProblem:
    """The problem's author or an admin changes the given fields of a problem, with the rules of
        creating it. Groups still holding tests cannot be dropped. An explicit null interactor makes an
    interactive problem a standard one."""

    identity: IdentityProvider
    problems: ProblemSaver
    tests: ProblemTestReader
    clock: Clock
    tx: TransactionManager
    events: EventRecorder = NO_EVENTS

    async def __call__(self, data: UpdateProblemInput) -> Problem:
        principal = await self.identity.principal()
        problem = manageable(principal, await self.problems.get_for_update(data.problem_id), data.problem_id)
        changes = {
            name: value
            for name in (
                "slug",
                "title",
                "statement",
                "statement_format",
                "type",
                "limits",
                "checker",
                "interactor",
                "groups",
                "visibility",
                "allow_file_writing",
            )
            if (value := getattr(data, name)) is not None
        }
        if data.clear_interactor:
            changes["interactor"] = None
        updated = dataclasses.replace(problem, **changes, updated_at=self.clock.now())
        validate_problem(updated)
        if data.groups is not None:
            allowed = group_names(updated.groups)
            orphaned = sorted({test.group for test in await self.tests.list_for(problem.id)} - allowed)
            if orphaned:
                raise GroupInUseError(
                    f"tests are still in groups {', '.join(orphaned)}; move or delete them first",
                    details={"groups": orphaned},
                )
        await self.problems.update(updated)
        self.events.record(*problem_events(problem, updated))
        await self.tx.commit()
        return updated
