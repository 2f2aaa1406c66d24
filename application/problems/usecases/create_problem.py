import uuid
from dataclasses import dataclass, field

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.messaging.events import NO_EVENTS, EventRecorder
from application.transactions import TransactionManager
from domain.accounts.access import can_author
from domain.accounts.entities import Visibility
from domain.accounts.exceptions import ForbiddenError
from domain.judging.checkers import CheckerSpec, CustomChecker
from domain.judging.enums import ProblemType
from domain.problems.entities import Group, Limits, Problem, StatementFormat, validate_problem
from domain.problems.events import ProblemPublished
from domain.problems.repositories import ProblemSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateProblemInput:
    slug: str
    title: str
    statement: str = ""
    statement_format: StatementFormat = StatementFormat.MARKDOWN
    type: ProblemType
    limits: Limits
    checker: CheckerSpec
    interactor: CustomChecker | None = None
    groups: list[Group] = field(default_factory=list)
    visibility: Visibility = Visibility.DRAFT
    allow_file_writing: bool = False


@dataclass(frozen=True, slots=True)
class CreateProblem:
    """An author (or admin) creates a problem without tests, owned by their account and a draft unless
        said otherwise. The slug is unique. A scoring problem's groups must give some points; without groups
        every test is in the group `default`, worth 100. An `interactor` makes the problem interactive: the
    program talks to it through pipes and its verdict decides each test."""

    identity: IdentityProvider
    problems: ProblemSaver
    clock: Clock
    tx: TransactionManager
    events: EventRecorder = NO_EVENTS

    async def __call__(self, data: CreateProblemInput) -> Problem:
        principal = await self.identity.principal()
        if not can_author(principal):
            raise ForbiddenError("Only authors and admins create problems.")
        now = self.clock.now()
        problem = Problem(
            id=uuid.uuid4(),
            slug=data.slug,
            title=data.title,
            statement=data.statement,
            statement_format=data.statement_format,
            type=data.type,
            limits=data.limits,
            checker=data.checker,
            interactor=data.interactor,
            groups=list(data.groups),
            test_count=0,
            owner_id=principal.account_id,
            visibility=data.visibility,
            allow_file_writing=data.allow_file_writing,
            created_at=now,
            updated_at=now,
        )
        validate_problem(problem)
        await self.problems.add(problem)
        if problem.visibility is Visibility.PUBLIC:
            self.events.record(
                ProblemPublished(problem_id=problem.id, owner_id=problem.owner_id, slug=problem.slug)
            )
        await self.tx.commit()
        return problem
