"""What a jury submission is expected to get, and whether it got it.

A package says it by the directory of `submissions/` a program is in (`accepted`, `wrong_answer`, …), by
2025-09's `submissions.yaml` (verdicts permitted on every test, verdicts required on some test, a score),
or by a DOMjudge `@EXPECTED_RESULTS@: CORRECT, TIMELIMIT` line in the source (the final verdict is one of
those). A submission matches its expectation when (`matches`):
- every judged test's verdict is `permitted` (when a set is given),
- for each `required` set, some judged test's verdict is in it,
- the final verdict is in `final` (when given; DOMjudge headers),
- the score is within `score` (inclusive), and with `partial` strictly between 0 and the maximum.

The format's verdict codes are coarser than ours: AC accepted, WA wrong_answer, TLE time_limit_exceeded,
RTE runtime_error, memory_limit_exceeded and output_limit_exceeded (the format has no codes of their own
for the last two). A compilation or internal error matches nothing but a DOMjudge COMPILER-ERROR.
Pass-fail problems stop at the first failing test, so "every test" means every test that ran.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.judging.enums import Verdict
from domain.packages.exceptions import InvalidPackageError


class Code(StrEnum):
    AC = "AC"
    WA = "WA"
    TLE = "TLE"
    RTE = "RTE"


CODE_OF: Mapping[Verdict, Code] = {
    Verdict.ACCEPTED: Code.AC,
    Verdict.WRONG_ANSWER: Code.WA,
    Verdict.TIME_LIMIT_EXCEEDED: Code.TLE,
    Verdict.RUNTIME_ERROR: Code.RTE,
    Verdict.MEMORY_LIMIT_EXCEEDED: Code.RTE,
    Verdict.OUTPUT_LIMIT_EXCEEDED: Code.RTE,
}
RUN_VERDICTS: tuple[Verdict, ...] = tuple(CODE_OF)
"""Verdicts a program that compiled can get on a test, in display order."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    permitted: frozenset[Code] | None = None
    required: tuple[frozenset[Code], ...] = ()
    final: frozenset[Verdict] | None = None
    score: tuple[float, float] | None = None
    partial: bool = False

    def verdicts(self) -> list[Verdict]:
        """The final verdicts this allows, for people to read."""
        if self.final is not None:
            return [verdict for verdict in Verdict if verdict in self.final]
        allowed = [
            verdict
            for verdict in RUN_VERDICTS
            if self.permitted is None or CODE_OF[verdict] in self.permitted
        ]
        if self.partial or any(Code.AC not in required for required in self.required):
            allowed = [verdict for verdict in allowed if verdict is not Verdict.ACCEPTED]
        return allowed

    @property
    def only_accepted(self) -> bool:
        return self.permitted == frozenset({Code.AC}) and self.final is None

    @property
    def requires_time_limit_exceeded(self) -> bool:
        return frozenset({Code.TLE}) in self.required


def matches(
    expectation: Expectation,
    *,
    verdict: Verdict,
    tests: Sequence[Verdict],
    score: float,
    max_score: float,
) -> bool:
    if expectation.final is not None and verdict not in expectation.final:
        return False
    if verdict not in CODE_OF:  # compilation or internal error
        return expectation.final is not None
    codes = [CODE_OF.get(test) for test in tests]
    if expectation.permitted is not None and not all(code in expectation.permitted for code in codes):
        return False
    if not all(any(code in required for code in codes) for required in expectation.required):
        return False
    if expectation.score is not None:
        low, high = expectation.score
        if not low - 1e-9 <= score <= high + 1e-9:
            return False
    return not expectation.partial or 0 < score < max_score


def _codes(*codes: Code) -> frozenset[Code]:
    return frozenset(codes)


DIRECTORY_EXPECTATIONS: Mapping[str, Expectation] = {
    # the format's directories (legacy and 2025-09)
    "accepted": Expectation(permitted=_codes(Code.AC)),
    "wrong_answer": Expectation(permitted=_codes(Code.AC, Code.WA), required=(_codes(Code.WA),)),
    "time_limit_exceeded": Expectation(permitted=_codes(Code.AC, Code.TLE), required=(_codes(Code.TLE),)),
    "run_time_error": Expectation(permitted=_codes(Code.AC, Code.RTE), required=(_codes(Code.RTE),)),
    "partially_accepted": Expectation(partial=True),
    "rejected": Expectation(required=(_codes(Code.RTE, Code.TLE, Code.WA),)),
    "brute_force": Expectation(
        permitted=_codes(Code.AC, Code.RTE, Code.TLE), required=(_codes(Code.RTE, Code.TLE),)
    ),
    # DOMjudge's and problemtools' extra directories
    "compiler_error": Expectation(final=frozenset({Verdict.COMPILATION_ERROR})),
    "output_limit": Expectation(final=frozenset({Verdict.OUTPUT_LIMIT_EXCEEDED})),
    "no_output": Expectation(final=frozenset({Verdict.WRONG_ANSWER})),
    "slow_accepted": Expectation(permitted=_codes(Code.AC, Code.TLE)),
}
"""Where the directory says it all; a DOMjudge header in one of the format's own directories is ignored,
as DOMjudge does."""

FORMAT_DIRECTORIES = frozenset(
    {"accepted", "wrong_answer", "time_limit_exceeded", "run_time_error", "partially_accepted"}
)

_DOMJUDGE_RESULTS: Mapping[str, frozenset[Verdict]] = {
    "CORRECT": frozenset({Verdict.ACCEPTED}),
    "ACCEPTED": frozenset({Verdict.ACCEPTED}),
    "WRONG-ANSWER": frozenset({Verdict.WRONG_ANSWER}),
    "WRONG_ANSWER": frozenset({Verdict.WRONG_ANSWER}),
    "NO-OUTPUT": frozenset({Verdict.WRONG_ANSWER}),
    "TIMELIMIT": frozenset({Verdict.TIME_LIMIT_EXCEEDED}),
    "TIME_LIMIT_EXCEEDED": frozenset({Verdict.TIME_LIMIT_EXCEEDED}),
    "RUN-ERROR": frozenset({Verdict.RUNTIME_ERROR, Verdict.MEMORY_LIMIT_EXCEEDED}),
    "RUN_TIME_ERROR": frozenset({Verdict.RUNTIME_ERROR, Verdict.MEMORY_LIMIT_EXCEEDED}),
    "MEMORY-LIMIT": frozenset({Verdict.MEMORY_LIMIT_EXCEEDED}),
    "OUTPUT-LIMIT": frozenset({Verdict.OUTPUT_LIMIT_EXCEEDED}),
    "COMPILER-ERROR": frozenset({Verdict.COMPILATION_ERROR}),
    "COMPILER_ERROR": frozenset({Verdict.COMPILATION_ERROR}),
}
EXPECTED_TAGS = ("@EXPECTED_RESULTS@:", "@EXPECTED_SCORE@:")


def _tag_value(upper: str, source: str, tag: str, file: str) -> str | None:
    start = upper.find(tag)
    if start < 0:
        return None
    if upper.find(tag, start + len(tag)) >= 0:
        raise InvalidPackageError(
            f"{file}: {tag} appears more than once", details={"file": file, "field": tag}
        )
    return source[start + len(tag) :].split("\n", 1)[0].strip()


def parse_expected_annotation(source: str, file: str) -> Expectation | None:
    """A DOMjudge annotation: `@EXPECTED_RESULTS@: A, B` (case-insensitive; the final verdict is one of
    them) and/or `@EXPECTED_SCORE@: 42` (a number; with a result name it lists results too), or None
    when the source has none. A tag twice in one file or an unknown result is an error, as in DOMjudge."""
    upper = source.upper()
    verdicts: set[Verdict] = set()
    score: tuple[float, float] | None = None
    found = False
    for tag in EXPECTED_TAGS:
        value = _tag_value(upper, source, tag, file)
        if value is None:
            continue
        found = True
        try:
            number = float(value)
        except ValueError:
            number = None
        if tag == "@EXPECTED_SCORE@:" and number is not None:
            score = (number, number)
            continue
        for name in (part.strip().upper() for part in value.split(",")):
            known = _DOMJUDGE_RESULTS.get(name)
            if known is None:
                known_names = ", ".join(sorted(_DOMJUDGE_RESULTS))
                raise InvalidPackageError(
                    f"{file}: unknown expected result {name!r} (known: {known_names})",
                    details={"file": file, "field": tag, "value": name},
                )
            verdicts |= known
    if not found:
        return None
    return Expectation(final=frozenset(verdicts) if verdicts else None, score=score)
