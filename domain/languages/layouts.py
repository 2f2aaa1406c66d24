"""Where a language wants its source files and which one is the entry point: a hook per language.

Most languages take the files as submitted and start from the first one (`FIRST_FILE`); a language with
rules of its own (Java: `domain/languages/java.py`) supplies its own `SourceLayout`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """Sources as the compiler sees them: `names` (the submitted files' names in the box, in submitted
    order), `main` for `{main}` and `main_class` for `{main_class}` in command templates."""

    names: tuple[str, ...]
    main: str
    main_class: str = ""


NO_SOURCES = Layout(names=(), main="")


class SourceLayout(Protocol):
    def lay_out(self, files: Sequence[tuple[str, str]]) -> Layout:
        """`files` are (name, text) pairs, at least one; raises EntryPointNotFoundError when there is no
        entry point."""
        ...


@dataclass(frozen=True, slots=True)
class FirstFileIsMain(SourceLayout):
    """Files keep their names; the first one is the entry point."""

    def lay_out(self, files: Sequence[tuple[str, str]]) -> Layout:
        names = tuple(name for name, _text in files)
        return Layout(names=names, main=names[0])


FIRST_FILE = FirstFileIsMain()
