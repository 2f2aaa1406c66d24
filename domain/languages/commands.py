"""Turning a language spec's command templates into argv lists."""

import re
from collections.abc import Sequence

from domain.languages.entities import LanguageSpec
from domain.languages.exceptions import EntryPointNotFoundError

_JAVA_MAIN = re.compile(r"public\s+static\s+(?:final\s+)?void\s+main\s*\(")
_JAVA_CLASS = re.compile(r"(?:^|[\s;}])(?:public\s+|final\s+|abstract\s+)*class\s+([A-Za-z_$][\w$]*)")
_JAVA_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
_JAVA_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)


def find_java_main_class(files: Sequence[tuple[str, str]]) -> str:
    """The fully qualified name of the class declaring `public static void main`, searched file by file."""
    for _name, text in files:
        code = _JAVA_COMMENTS.sub(" ", text)
        match = _JAVA_MAIN.search(code)
        if match is None:
            continue
        classes = [m for m in _JAVA_CLASS.finditer(code) if m.start() < match.start()]
        if not classes:
            continue
        package = _JAVA_PACKAGE.search(code)
        cls = classes[-1].group(1)
        return f"{package.group(1)}.{cls}" if package else cls
    raise EntryPointNotFoundError(
        "No class with 'public static void main(String[] args)' was found in the Java sources."
    )


def entry_point(spec: LanguageSpec, files: Sequence[tuple[str, str]]) -> str:
    if spec.entry_point == "java_main_class":
        return find_java_main_class(files)
    return files[0][0]


def render(
    template: Sequence[str],
    *,
    tools: dict[str, str],
    sources: Sequence[str],
    main: str,
    main_class: str = "",
) -> list[str]:
    """Expands `{sources}` into several arguments and the other placeholders in place."""
    argv: list[str] = []
    for part in template:
        if part == "{sources}":
            argv.extend(sources)
            continue
        argv.append(part.format(main=main, main_class=main_class, **tools))
    return argv
