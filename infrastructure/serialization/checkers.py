"""A checker spec as JSON tagged by `type` ({"type": "tokens", "case_sensitive": false, …}): one form for
the database and, camelCased by pydantic, for the API."""

from collections.abc import Mapping
from typing import Any

from adaptix import P, Retort, dumper

from domain.judging.checkers import CheckerFile, CheckerSpec, CustomChecker, ExactChecker, TokensChecker
from domain.judging.enums import CheckerType

_CHECKERS: Mapping[CheckerType, type[CheckerSpec]] = {
    CheckerType.EXACT: ExactChecker,
    CheckerType.TOKENS: TokensChecker,
    CheckerType.CUSTOM: CustomChecker,
}


def _dump_files(files: tuple[CheckerFile, ...]) -> list[dict[str, str]]:
    return [{"name": file.name, "content": file.content} for file in files]


CHECKER_RECIPE = [dumper(P[CustomChecker].flags, list), dumper(P[CustomChecker].files, _dump_files)]
"""Tuples of a custom checker as JSON lists; every retort that dumps a checker uses it."""

_retort = Retort(recipe=CHECKER_RECIPE)


def dump_checker(checker: CheckerSpec) -> dict[str, Any]:
    fields: dict[str, Any] = _retort.dump(checker, type(checker))
    return {"type": checker.type.value, **fields}


def load_checker(data: Mapping[str, Any]) -> CheckerSpec:
    fields = dict(data)
    spec = _CHECKERS[CheckerType(fields.pop("type"))]
    checker: CheckerSpec = _retort.load(fields, spec)
    return checker
