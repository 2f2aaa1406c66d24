import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import FinishSignal, SubmissionWatcher
from application.submissions.usecases import GetSubmission, GetSubmissionInput
from domain.accounts.entities import Role, Visibility
from domain.judging.enums import SubmissionStatus, Verdict
from domain.problems.entities import TestCase, TestData, describe_test
from domain.submissions.entities import SourceFile, Submission, TestResult
from domain.submissions.repositories import Cursor, SubmissionFilter, SubmissionReader
from tests.unit.application.problems.fakes import OWNER, FakeProblems, FakeTests, make_problem
from tests.unit.fakes import NOW, FakeIdentity, FakeTransactions, principal

SUBMITTER = principal(Role.USER)


class Submissions(SubmissionReader):
    def __init__(self, submission: Submission) -> None:
        self.submission = submission

    async def get(self, submission_id: uuid.UUID) -> Submission | None:
        return self.submission if submission_id == self.submission.id else None

    async def list_page(
        self, filters: SubmissionFilter, *, after: Cursor | None, limit: int
    ) -> Sequence[Submission]:
        return [self.submission]

    async def ids_for_problem(self, problem_id: uuid.UUID) -> list[uuid.UUID]:
        return [self.submission.id] if problem_id == self.submission.problem_id else []


class NeverWatched(SubmissionWatcher):
    @asynccontextmanager
    async def watch(self, submission_id: uuid.UUID) -> AsyncIterator[FinishSignal]:
        raise AssertionError("a finished submission is not waited for")
        yield  # pragma: no cover


def _test(problem_id: uuid.UUID, name: str, sample: bool) -> tuple[TestCase, TestData]:
    data = TestData(input=b"1\n", answer=b"SECRET-ANSWER\n")
    test = describe_test(
        id=uuid.uuid4(),
        problem_id=problem_id,
        name=name,
        group="default",
        sample=sample,
        data=data,
        created_at=NOW,
    )
    return test, data


def _result(index: int, test: TestCase) -> TestResult:
    return TestResult(
        index=index,
        test_id=test.id,
        name=test.name,
        group=test.group,
        verdict=Verdict.WRONG_ANSWER,
        time_ms=1,
        wall_time_ms=1,
        memory_kb=1,
        checker_message="line 1, token 1: expected 'SECRET-ANSWER', got '2'",
        transcript_to_interactor="42\n",
        transcript_to_solution="lower\n",
    )


async def _tests_seen_by(caller_role: Role, caller_is_submitter: bool) -> list[TestResult]:
    problem = make_problem(visibility=Visibility.PUBLIC)
    tests = FakeTests()
    sample, hidden = _test(problem.id, "1", sample=True), _test(problem.id, "2", sample=False)
    await tests.add_many([sample, hidden])
    submission = Submission(
        id=uuid.uuid4(),
        problem_id=problem.id,
        language="python3",
        files=[SourceFile(name="main.py", content=b"print(2)")],
        status=SubmissionStatus.FINISHED,
        verdict=Verdict.WRONG_ANSWER,
        tests=[_result(1, sample[0]), _result(2, hidden[0])],
        owner_id=SUBMITTER.account_id,
        created_at=NOW,
    )
    caller = (
        SUBMITTER
        if caller_is_submitter
        else (OWNER if caller_role is Role.AUTHOR else principal(caller_role))
    )
    use_case = GetSubmission(
        FakeIdentity(caller),
        FakeProblems(problem),
        tests,
        Submissions(submission),
        NeverWatched(),
        FakeTransactions(),
        SubmissionPolicy(source_max_bytes=1000),
    )
    return (await use_case(GetSubmissionInput(submission_id=submission.id))).tests


async def test_the_submitter_sees_checker_messages_of_samples_only() -> None:
    messages = await _seen_by(Role.USER, caller_is_submitter=True)
    assert messages[0].startswith("line 1, token 1: expected")
    assert messages[1] == "", "a hidden test's expected answer must not reach the submitter"


async def test_the_problem_author_and_admins_see_every_checker_message() -> None:
    for role in (Role.AUTHOR, Role.ADMIN):
        messages = await _seen_by(role, caller_is_submitter=False)
        assert all("SECRET-ANSWER" in message for message in messages)


async def _seen_by(role: Role, *, caller_is_submitter: bool = False) -> list[str]:
    return [
        test.checker_message for test in await _tests_seen_by(role, caller_is_submitter=caller_is_submitter)
    ]


async def test_interaction_transcripts_reach_the_author_and_admins_but_not_the_submitter() -> None:
    for role in (Role.AUTHOR, Role.ADMIN):
        seen = await _tests_seen_by(role, caller_is_submitter=False)
        assert [test.transcript_to_solution for test in seen] == ["lower\n", "lower\n"]
    submitter = await _tests_seen_by(Role.USER, caller_is_submitter=True)
    assert {test.transcript_to_interactor for test in submitter} == {""}
    assert {test.transcript_to_solution for test in submitter} == {""}
