"""Where a language wants its files, which of them it compiles and which one is the entry point: a hook
per language.

Only the language's sources (by extension) are handed to the compiler or syntax check; every other file of
a submission (a header, a `notes.txt`, a data file) is placed in the box untouched, as established judges
do. Most languages keep the names and start from the first source (`FIRST_FILE`); a language with rules of
its own (Java: `domain/languages/java.py`) supplies its own `SourceLayout`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.languages.exceptions import EntryPointNotFoundError


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """Files as the compiler sees them: `names` (every submitted file's name in the box, in submitted
    order), `sources` (those the language compiles, for `{sources}`), `main` for `{main}` and `main_class`
    for `{main_class}` in command templates."""

    names: tuple[str, ...]
    main: str
    sources: tuple[str, ...] = ()
    main_class: str = ""


NO_SOURCES = Layout(names=(), main="")


def is_source(name: str, extensions: Sequence[str]) -> bool:
    """Case-sensitive, as compilers are: `x.C` is C++, `x.c` is C."""
    return any(name.endswith(extension) for extension in extensions)


def source_names(names: Sequence[str], extensions: Sequence[str]) -> tuple[str, ...]:
    """The language's sources among `names`; raises EntryPointNotFoundError when there is none."""
    sources = tuple(name for name in names if is_source(name, extensions))
    if not sources:
        raise EntryPointNotFoundError(
            "No source file of this language was submitted (expected a name ending in "
            + ", ".join(extensions)
            + ")."
        )
    return sources


class SourceLayout(Protocol):
    def lay_out(self, files: Sequence[tuple[str, str]], extensions: Sequence[str]) -> Layout:
        """`files` are (name, text) pairs, at least one; `extensions` say which are sources. Raises
        EntryPointNotFoundError when there is no entry point."""
        ...


@dataclass(frozen=True, slots=True)
class FirstFileIsMain(SourceLayout):
    """Files keep their names; the first source is the entry point."""

    def lay_out(self, files: Sequence[tuple[str, str]], extensions: Sequence[str]) -> Layout:
        names = tuple(name for name, _text in files)
        sources = source_names(names, extensions)
        return Layout(names=names, sources=sources, main=sources[0])


FIRST_FILE = FirstFileIsMain()


@dataclass(frozen=True, slots=True)
class ScriptProject(SourceLayout):
    """A multi-file program (Judge0's language 89): every file keeps its name, none is compiled as a source,
    and `script` (its `run`) is the entry point."""

    script: str

    def lay_out(self, files: Sequence[tuple[str, str]], extensions: Sequence[str]) -> Layout:
        names = tuple(name for name, _text in files)
        if self.script not in names:
            raise EntryPointNotFoundError(
                f"A multi-file program needs a `{self.script}` script at its top level."
            )
        return Layout(names=names, main=self.script)
