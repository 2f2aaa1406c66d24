"""A custom checker: the author's program, compiled and run in the sandbox under a protocol
(`testlib.py`, `kattis.py` interpret its exit)."""

import re
from dataclasses import dataclass
from typing import ClassVar

from domain.judging.enums import CheckerProtocol, CheckerType
from domain.judging.exceptions import InvalidCheckerError

_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckerFile:
    """One source file of a checker made of several (a validator with its headers)."""

    name: str
    content: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomChecker:
    """An author's checker program, compiled in `language` and run in the sandbox under `protocol`: one
    `source`, or several `files` compiled together (the first is the entry point where a language needs
    one)."""

    type: ClassVar[CheckerType] = CheckerType.CUSTOM

    protocol: CheckerProtocol
    language: str
    source: str = ""
    files: tuple[CheckerFile, ...] = ()
    flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.language.strip():
            raise InvalidCheckerError("a custom checker needs a language", details={"field": "language"})
        if self.files and self.source.strip():
            raise InvalidCheckerError(
                "give a checker's `source` or its `files`, not both", details={"field": "files"}
            )
        if not self.files and not self.source.strip():
            raise InvalidCheckerError("a custom checker needs source code", details={"field": "source"})
        names = [file.name for file in self.files]
        for name in names:
            if not _FILE_NAME.fullmatch(name):
                raise InvalidCheckerError(
                    f"checker file name {name!r} must match {_FILE_NAME.pattern}",
                    details={"field": "files", "name": name},
                )
        if len(set(names)) != len(names):
            raise InvalidCheckerError("checker file names must be unique", details={"field": "files"})
        if self.files and not any(file.content.strip() for file in self.files):
            raise InvalidCheckerError("a custom checker needs source code", details={"field": "files"})
        for flag in self.flags:
            if not flag or "\0" in flag:
                raise InvalidCheckerError(
                    "checker flags must be non-empty and free of NUL bytes", details={"flag": flag}
                )
