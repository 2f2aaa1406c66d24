import uuid
from dataclasses import dataclass, field

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.transactions import TransactionManager
from domain.accounts.access import can_author
from domain.accounts.entities import Visibility
from domain.accounts.exceptions import ForbiddenError
from domain.judging.checkers import CheckerSpec
from domain.judging.enums import ProblemType
from domain.problems.entities import Group, Limits, Problem, StatementFormat, validate_problem
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
    groups: list[Group] = field(default_factory=list)
    visibility: Visibility = Visibility.DRAFT


class CreateProblem:
    """An author (or admin) creates a problem, owned by their account, a draft unless said otherwise.
    The slug is unique."""

    def __init__(
        self, identity: IdentityProvider, problems: ProblemSaver, clock: Clock, tx: TransactionManager
    ) -> None:
        self._identity = identity
        self._problems = problems
        self._clock = clock
        self._tx = tx

    async def __call__(self, data: CreateProblemInput) -> Problem:
        principal = await self._identity.principal()
        if not can_author(principal):
            raise ForbiddenError("Only authors and admins create problems.")
        now = self._clock.now()
        problem = Problem(
            id=uuid.uuid4(),
            slug=data.slug,
            title=data.title,
            statement=data.statement,
            statement_format=data.statement_format,
            type=data.type,
            limits=data.limits,
            checker=data.checker,
            groups=list(data.groups),
            test_count=0,
            owner_id=principal.account_id,
            visibility=data.visibility,
            created_at=now,
            updated_at=now,
        )
        validate_problem(problem)
        await self._problems.add(problem)
        await self._tx.commit()
        return problem
