from typing import Any

from adaptix.conversion import coercer, get_converter, impl_converter

from domain.accounts.entities import Visibility
from domain.judging.checkers import CheckerSpec, CustomChecker
from domain.judging.enums import ProblemType
from domain.problems.entities import Group, Limits, Problem, StatementFormat, TestCase, TestData
from infrastructure.database.mappers import retort
from infrastructure.database.repositories.problems.models import ProblemModel, ProblemTestModel
from infrastructure.serialization.checkers import CHECKER_RECIPE, dump_checker, load_checker

_retort = retort.extend(recipe=CHECKER_RECIPE)

dump_limits = _retort.get_dumper(Limits)
load_limits = _retort.get_loader(Limits)
dump_groups = _retort.get_dumper(list[Group])
load_groups = _retort.get_loader(list[Group])


def _dump_interactor(interactor: CustomChecker | None) -> dict[str, Any] | None:
    return dump_checker(interactor) if interactor is not None else None


def _load_interactor(data: dict[str, Any] | None) -> CustomChecker | None:
    if data is None:
        return None
    interactor = load_checker(data)
    if not isinstance(interactor, CustomChecker):
        raise TypeError("a stored interactor is a custom checker")
    return interactor


problem_to_model = get_converter(
    Problem,
    ProblemModel,
    recipe=[
        coercer(Limits, dict[str, Any], dump_limits),
        coercer(CheckerSpec, dict[str, Any], dump_checker),
        coercer(CustomChecker | None, dict[str, Any] | None, _dump_interactor),
        coercer(list[Group], list[dict[str, Any]], dump_groups),
        coercer(ProblemType, str, lambda problem_type: problem_type.value),
        coercer(StatementFormat, str, lambda statement_format: statement_format.value),
        coercer(Visibility, str, lambda visibility: visibility.value),
    ],
)
model_to_problem = get_converter(
    ProblemModel,
    Problem,
    recipe=[
        coercer(dict[str, Any], Limits, load_limits),
        coercer(dict[str, Any], CheckerSpec, load_checker),
        coercer(dict[str, Any] | None, CustomChecker | None, _load_interactor),
        coercer(list[dict[str, Any]], list[Group], load_groups),
        coercer(str, ProblemType, ProblemType),
        coercer(str, StatementFormat, StatementFormat),
        coercer(str, Visibility, Visibility),
    ],
)

model_to_test = get_converter(ProblemTestModel, TestCase)


@impl_converter
def _test_to_model(test: TestCase, input: bytes, answer: bytes) -> ProblemTestModel:  # type: ignore[empty-body]
    """The data comes in beside the metadata; adaptix links the extra arguments by name."""


def row_for_test(test: TestCase, data: TestData) -> ProblemTestModel:
    return _test_to_model(test, data.input, data.answer)
