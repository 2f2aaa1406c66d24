from dataclasses import dataclass

import pytest

from infrastructure.http.api.v1.descriptions import describe


class Documented:
    """Judges a submission again.
    The problem's author or an admin only.

    A second paragraph."""


class Undocumented:
    pass


@dataclass(frozen=True, slots=True)
class UndocumentedDataclass:
    ports: object


def test_the_docstring_comes_first_with_its_lines_joined_then_the_http_notes() -> None:
    assert describe(Documented, "202 with the requeued ids.") == (
        "Judges a submission again. The problem's author or an admin only.\n\n"
        "A second paragraph.\n\n"
        "202 with the requeued ids."
    )


def test_a_use_case_without_a_docstring_is_refused() -> None:
    with pytest.raises(ValueError, match="Undocumented needs a docstring"):
        describe(Undocumented)


def test_a_dataclass_without_a_docstring_is_refused_not_described_by_its_signature() -> None:
    with pytest.raises(ValueError, match="UndocumentedDataclass needs a docstring"):
        describe(UndocumentedDataclass)
