"""Checkers: how a test's output is judged against its answer. One module per checker kind and protocol.

- `exact.py`, `tokens.py`: built-in checkers, pure functions over byte streams that never hold a whole output
  in memory; each spec's `check(output, answer)` is how the worker runs it, `check_bytes` the same judgement
  of an output and an answer small enough to hold in memory.
- `custom.py`: an author's checker program, run in the sandbox elsewhere; `testlib.py` and `kattis.py`
  interpret its exit, and a checker that misbehaves yields a `CheckerFailure` (an internal error), never an
  exception.
- `results.py`: what every checker ends with (`Judgement`).
"""

from domain.judging.checkers.custom import CheckerFile, CustomChecker
from domain.judging.checkers.exact import ExactChecker, check_exact
from domain.judging.checkers.exits import MAX_MESSAGE_CHARS
from domain.judging.checkers.kattis import KATTIS_ACCEPT, KATTIS_REJECT, interpret_kattis
from domain.judging.checkers.results import CheckerFailure, CheckResult, Judgement
from domain.judging.checkers.testlib import interpret_testlib
from domain.judging.checkers.tokens import TokensChecker, check_tokens

BuiltinChecker = ExactChecker | TokensChecker
"""A checker the worker runs itself: `checker.check(output, answer)`."""

CheckerSpec = ExactChecker | TokensChecker | CustomChecker

__all__ = [
    "KATTIS_ACCEPT",
    "KATTIS_REJECT",
    "MAX_MESSAGE_CHARS",
    "BuiltinChecker",
    "CheckResult",
    "CheckerFailure",
    "CheckerFile",
    "CheckerSpec",
    "CustomChecker",
    "ExactChecker",
    "Judgement",
    "TokensChecker",
    "check_exact",
    "check_tokens",
    "interpret_kattis",
    "interpret_testlib",
]
