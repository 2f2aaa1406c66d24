"""A checker spec as JSON tagged by `type` ({"type": "tokens", "case_sensitive": false, …}): one form for
the database and, camelCased by pydantic, for the API."""

from collections.abc import Mapping
from typing import Any

from adaptix import P, Retort, dumper

from domain.judging.checkers import CheckerSpec, CustomChecker, ExactChecker, TokensChecker
from domain.judging.enums import CheckerType

_CHECKERS: Mapping[CheckerType, type[CheckerSpec]] = {
    CheckerType.EXACT: ExactChecker,
    CheckerType.TOKENS: TokensChecker,
    CheckerType.CUSTOM: CustomChecker,
}

_retort = Retort(recipe=[dumper(P[CustomChecker].flags, list)])


def dump_checker(checker: CheckerSpec) -> dict[str, Any]:
    fields: dict[str, Any] = _retort.dump(checker, type(checker))
    return {"type": checker.type.value, **fields}


def load_checker(data: Mapping[str, Any]) -> CheckerSpec:
    fields = dict(data)
    spec = _CHECKERS[CheckerType(fields.pop("type"))]
    checker: CheckerSpec = _retort.load(fields, spec)
    return checker
