"""Programs in a package (output validators, jury submissions): a single file, or a directory of files.

The language comes from the file endings of the format's languages table, restricted to those this
judge runs (c, cpp, python3, java, javascript, rust); headers (`.h`, `.hpp`, …) go with C and C++; a C
and C++ mix is C++; `.py` with a `python2` shebang is Python 2 (not run here). The entry point comes
first: `__main__.py`, `main.py` or the only `.py` for Python, `main.js` or the only `.js` for
JavaScript (or what `entrypoint` names); Java finds its main class itself.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

CODES: Mapping[str, str] = {
    ".c": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".c++": "cpp",
    ".C": "cpp",
    ".py": "python3",
    ".py3": "python3",
    ".py2": "python2",
    ".java": "java",
    ".js": "javascript",
    ".rs": "rust",
    ".kt": "kotlin",
    ".go": "go",
    ".cs": "csharp",
    ".hs": "haskell",
    ".scala": "scala",
    ".rb": "ruby",
    ".php": "php",
    ".pl": "prolog",
    ".pas": "pascal",
    ".ml": "ocaml",
    ".lisp": "lisp",
    ".lua": "lua",
    ".swift": "swift",
    ".ts": "typescript",
    ".sh": "bash",
    ".f90": "fortran",
    ".adb": "ada",
    ".m": "objectivec",
    ".R": "r",
    ".awk": "awk",
}
"""File endings of the format's languages table (and DOMjudge's), to a language code."""
SUPPORTED = frozenset({"c", "cpp", "python3", "java", "javascript", "rust"})
HEADERS = frozenset({".h", ".hh", ".hpp", ".hxx", ".h++", ".inc", ".tcc"})
_PYTHON2 = re.compile(r"\A#!.*python2")
_ENTRY_NAMES: Mapping[str, tuple[str, ...]] = {
    "python3": ("__main__.py", "main.py"),
    "javascript": ("main.js",),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    code: str | None  # None: no source file in a known language
    problem: str | None = None  # why it is not one language, when it is not


def suffix(name: str) -> str:
    return PurePosixPath(name).suffix


def detect_language(files: Mapping[str, str]) -> Language:
    """The language of a program from its files (name -> text)."""
    codes: set[str] = set()
    for name, content in files.items():
        ending = suffix(name)
        if ending in HEADERS:
            continue
        code = CODES.get(ending, CODES.get(ending.lower()))
        if code == "python3" and _PYTHON2.match(content):
            code = "python2"
        if code is not None:
            codes.add(code)
    if codes == {"c", "cpp"}:
        codes = {"cpp"}
    if not codes:
        return Language(code=None, problem="no source file in a known language")
    if len(codes) > 1:
        return Language(code=None, problem=f"files in several languages ({', '.join(sorted(codes))})")
    return Language(code=codes.pop())


def entry_first(language: str, names: Sequence[str], entrypoint: str | None = None) -> list[str] | None:
    """The file names with the entry point first, or None when it cannot be told."""
    ordered = sorted(names)
    wanted = [entrypoint] if entrypoint else list(_ENTRY_NAMES.get(language, ()))
    for name in wanted:
        if name in ordered:
            return [name, *(other for other in ordered if other != name)]
    if language not in _ENTRY_NAMES:
        return ordered
    own = [name for name in ordered if suffix(name) in {".py", ".py3", ".js"}]
    if len(own) == 1:
        return [own[0], *(other for other in ordered if other != own[0])]
    return None
