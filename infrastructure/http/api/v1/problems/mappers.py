"""HTTP models <-> application data, through one adaptix Retort."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from adaptix import Retort, dumper, loader

from application.problems.access import ProblemView
from application.problems.usecases import (
    AddTestInput,
    CreateProblemInput,
    GetTestOutput,
    UpdateProblemInput,
)
from domain.exceptions import DomainError
from domain.judging.checkers import CheckerSpec
from domain.judging.enums import CheckerType
from domain.problems.entities import Problem, TestCase
from infrastructure.http.api.v1.encoding import text_or_base64
from infrastructure.http.api.v1.problems.models import (
    ProblemCreateModel,
    ProblemModel,
    ProblemUpdateModel,
    TestCaseCreateModel,
    TestCaseModel,
    TestCaseWithDataModel,
)
from infrastructure.serialization.checkers import CHECKER_RECIPE, dump_checker, load_checker

T = TypeVar("T")

_plain = Retort(recipe=CHECKER_RECIPE)
_retort = _plain.extend(
    recipe=[
        loader(CheckerSpec, load_checker),
        dumper(CheckerSpec, dump_checker),
        # pydantic takes these as they are; no round trip through strings
        dumper(datetime, lambda value: value),
        dumper(UUID, lambda value: value),
    ]
)


def _first_domain_error(error: BaseException) -> DomainError | None:
    if isinstance(error, DomainError):
        return error
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            if (found := _first_domain_error(inner)) is not None:
                return found
    return None


def _load(data: Mapping[str, Any], target: type[T]) -> T:
    """Loads with the retort; a business rule broken inside a list (a group's points) surfaces as its
    own DomainError rather than as adaptix's exception group."""
    try:
        return _retort.load(data, target)
    except BaseExceptionGroup as error:
        domain_error = _first_domain_error(error)
        if domain_error is None:
            raise
        raise domain_error from None


def create_input(model: ProblemCreateModel) -> CreateProblemInput:
    return _load(model.model_dump(mode="json"), CreateProblemInput)


def update_input(problem_id: UUID, model: ProblemUpdateModel) -> UpdateProblemInput:
    given = model.model_dump(mode="json", exclude_none=True)
    cleared = "interactor" in model.model_fields_set and model.interactor is None
    return _load({**given, "problem_id": str(problem_id), "clear_interactor": cleared}, UpdateProblemInput)


def as_problem_model(problem: Problem, *, managed: bool = True) -> ProblemModel:
    """`managed` callers see a custom checker's source; for anyone else it is an empty string."""
    dumped = _retort.dump(problem)
    if not managed and dumped["checker"].get("type") == CheckerType.CUSTOM.value:
        dumped["checker"] = {**dumped["checker"], "source": "", "files": [], "flags": []}
    if not managed and dumped.get("interactor") is not None:
        dumped["interactor"] = {**dumped["interactor"], "source": "", "files": [], "flags": []}
    return ProblemModel.model_validate(dumped)


def as_problem_view_model(view: ProblemView) -> ProblemModel:
    return as_problem_model(view.problem, managed=view.managed)


def add_test_input(problem_id: UUID, model: TestCaseCreateModel) -> AddTestInput:
    return AddTestInput(
        problem_id=problem_id,
        name=model.name,
        input=model.input_bytes,
        answer=model.answer_bytes,
        group=model.group,
        sample=model.sample,
    )


def as_test_model(test: TestCase, index: int) -> TestCaseModel:
    return TestCaseModel.model_validate({**_retort.dump(test), "index": index})


def as_test_with_data_model(result: GetTestOutput) -> TestCaseWithDataModel:
    input_text, input_base64 = text_or_base64(result.data.input)
    answer_text, answer_base64 = text_or_base64(result.data.answer)
    return TestCaseWithDataModel.model_validate(
        {
            **_retort.dump(result.test),
            "index": result.index,
            "input": input_text,
            "input_base64": input_base64,
            "answer": answer_text,
            "answer_base64": answer_base64,
        }
    )
