"""What of a submission a reader may see (GET /submissions/{id} and its live progress stream alike)."""

from dataclasses import replace

from domain.accounts.access import can_manage_problem, can_see_submission
from domain.accounts.entities import Principal
from domain.problems.repositories import ProblemReader, ProblemTestReader
from domain.submissions.entities import Submission
from domain.submissions.exceptions import SubmissionNotFoundError


async def ensure_visible(principal: Principal, problems: ProblemReader, submission: Submission) -> None:
    """To anyone but its submitter, the problem's author and admins the submission does not exist."""
    access = await problems.access_of(submission.problem_id)
    owner = access.owner_id if access else None
    if not can_see_submission(principal, submission.owner_id, owner):
        raise SubmissionNotFoundError(f"Submission {submission.id} does not exist.")


async def redacted(
    principal: Principal, problems: ProblemReader, tests: ProblemTestReader, submission: Submission
) -> Submission:
    """Checker messages quote the expected answer, so on hidden tests only the problem's author and admins
    see them; the transcripts of an interactive problem's tests are theirs alone."""
    access = await problems.access_of(submission.problem_id)
    if can_manage_problem(principal, access.owner_id if access else None):
        return submission
    samples = {test.id for test in await tests.list_for(submission.problem_id) if test.sample}
    submission.tests = [
        replace(
            test,
            checker_message=test.checker_message if test.test_id in samples else "",
            transcript_to_interactor="",
            transcript_to_solution="",
        )
        for test in submission.tests
    ]
    return submission
