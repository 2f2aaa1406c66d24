"""The files of a package as the format sees them.

A package is a directory zipped either with its files at the top or inside one top-level directory
(named like the problem: its short name). Files and directories whose names begin with `.` or `-`, or
hold characters outside `[a-zA-Z0-9_.-]`, are treated as absent, as the format says (except DOMjudge's
`.timelimit` and this judge's `.testing-service.yaml` at the top); those that look like test data or
jury submissions are named in a warning.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from application.packages.archive import ArchiveEntry
from domain.packages.exceptions import InvalidPackageError

PROBLEM_YAML = "problem.yaml"
KEPT_DOT_FILES = frozenset({".timelimit", ".testing-service.yaml"})
_NAME = re.compile(r"[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,254}")


@dataclass(slots=True, kw_only=True)
class PackageIndex:
    root: str  # "" or "<short name>/"
    short_name: str | None
    files: dict[str, ArchiveEntry]  # path within the package -> archive entry
    ignored: list[str] = field(default_factory=list)

    def source(self, path: str) -> str:
        """The archive path of a package path."""
        return self.root + path

    def has(self, path: str) -> bool:
        return path in self.files

    def size(self, path: str) -> int:
        return self.files[path].size

    def under(self, directory: str) -> list[str]:
        """Every file below `directory` (recursively), sorted."""
        prefix = directory.rstrip("/") + "/"
        return sorted(path for path in self.files if path.startswith(prefix))

    def listing(self, directory: str) -> tuple[list[str], list[str]]:
        """(files directly in `directory`, names of its subdirectories), both sorted."""
        prefix = directory.rstrip("/") + "/" if directory else ""
        files: set[str] = set()
        dirs: set[str] = set()
        for path in self.files:
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix) :]
            head, slash, _ = rest.partition("/")
            (dirs if slash else files).add(head if slash else path)
        return sorted(files), sorted(dirs)

    def first_existing(self, candidates: Iterable[str]) -> str | None:
        return next((path for path in candidates if path in self.files), None)


def _valid(path: str) -> bool:
    segments = path.split("/")
    if len(segments) == 1 and path in KEPT_DOT_FILES:
        return True
    return all(_NAME.fullmatch(segment) for segment in segments)


def index_package(entries: Sequence[ArchiveEntry]) -> PackageIndex:
    paths = {entry.path: entry for entry in entries}
    root, short_name = "", None
    if PROBLEM_YAML not in paths:
        tops = {path.split("/", 1)[0] for path in paths}
        if len(tops) == 1:
            (top,) = tops
            if f"{top}/{PROBLEM_YAML}" in paths:
                root, short_name = f"{top}/", top
    if f"{root}{PROBLEM_YAML}" not in paths:
        raise InvalidPackageError(
            "the archive holds no problem.yaml (at the top, or inside one top-level directory)",
            details={"file": PROBLEM_YAML},
        )
    index = PackageIndex(root=root, short_name=short_name, files={})
    for path, entry in sorted(paths.items()):
        if not path.startswith(root):
            index.ignored.append(path)
            continue
        inner = path[len(root) :]
        if _valid(inner):
            index.files[inner] = entry
        else:
            index.ignored.append(inner)
    return index


def looks_important(path: str) -> bool:
    """An ignored file that was probably meant as test data or a jury submission."""
    return path.startswith(("data/", "submissions/")) and not path.rsplit("/", 1)[-1].startswith(".git")
