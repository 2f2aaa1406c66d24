from enum import StrEnum


class Verdict(StrEnum):
    """The API's verdict list. There is no presentation error: testlib's PE is reported as `wrong_answer`
    with the checker's message."""

    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    RUNTIME_ERROR = "runtime_error"
    COMPILATION_ERROR = "compilation_error"
    INTERNAL_ERROR = "internal_error"


class SubmissionStatus(StrEnum):
    QUEUED = "queued"
    JUDGING = "judging"
    FINISHED = "finished"


class ProblemType(StrEnum):
    PASS_FAIL = "pass-fail"  # noqa: S105 (an enum value, not a password)
    SCORING = "scoring"


class CheckerType(StrEnum):
    TOKENS = "tokens"
    EXACT = "exact"
    CUSTOM = "custom"


class CheckerProtocol(StrEnum):
    TESTLIB = "testlib"
    KATTIS = "kattis"
