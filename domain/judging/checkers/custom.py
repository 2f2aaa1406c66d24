"""A custom checker: the author's program, compiled and run in the sandbox under a protocol
(`testlib.py`, `kattis.py` interpret its exit)."""

from dataclasses import dataclass
from typing import ClassVar

from domain.judging.enums import CheckerProtocol, CheckerType
from domain.judging.exceptions import InvalidCheckerError


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomChecker:
    """An author's checker program, compiled in `language` and run in the sandbox under `protocol`."""

    type: ClassVar[CheckerType] = CheckerType.CUSTOM

    protocol: CheckerProtocol
    language: str
    source: str
    flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.language.strip():
            raise InvalidCheckerError("a custom checker needs a language", details={"field": "language"})
        if not self.source.strip():
            raise InvalidCheckerError("a custom checker needs source code", details={"field": "source"})
        for flag in self.flags:
            if not flag or "\0" in flag:
                raise InvalidCheckerError(
                    "checker flags must be non-empty and free of NUL bytes", details={"flag": flag}
                )
