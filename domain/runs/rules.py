"""Pure rules of a run's result."""

from uuid import UUID

from domain.accounts.entities import Principal
from domain.runs.entities import RunOutcome, RunVerdict


def normalized_output(text: bytes) -> bytes:
    """Outputs compare as Judge0 compares them: trailing whitespace of every line and trailing empty lines
    do not count."""
    lines = [line.rstrip() for line in text.split(b"\n")]
    while lines and not lines[-1]:
        lines.pop()
    return b"\n".join(lines)


def verdict_of(outcome: RunOutcome, stdout: bytes, expected: bytes | None) -> RunVerdict | None:
    """A verdict only for a run that ended `ok` and was given an expected output."""
    if expected is None or outcome is not RunOutcome.OK:
        return None
    same = normalized_output(stdout) == normalized_output(expected)
    return RunVerdict.ACCEPTED if same else RunVerdict.WRONG_ANSWER


def can_see_run(principal: Principal, owner_id: UUID | None) -> bool:
    """Only the creator and admins read (or delete) a run; to anyone else it does not exist (404)."""
    return principal.is_admin or (owner_id is not None and owner_id == principal.account_id)
