"""Java's quirks, in one place: the main class is found in the sources, and javac insists that a public
class lives in `<Class>.java`, so such a file is renamed whatever the contestant called it."""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from domain.languages.exceptions import EntryPointNotFoundError
from domain.languages.layouts import Layout, SourceLayout, is_source, source_names

# String and char literals, then comments; one pass, so "//" inside a string is no comment.
_NOISE = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|//[^\n]*|/\*.*?\*/', re.DOTALL)
_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
_MAIN = re.compile(r"public\s+static\s+(?:final\s+)?void\s+main\s*\(")
# A type declaration: its modifiers, then the keyword and the name (`Foo.class` is not one).
_DECLARATION = re.compile(
    r"(?<![\w$.@])((?:(?:public|protected|private|static|final|abstract|strictfp|sealed)\s+)*)"
    r"(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)"
)


@dataclass(frozen=True, slots=True)
class _Declaration:
    name: str
    public: bool
    start: int
    body: range  # from its opening brace to its closing one (empty when unbalanced)


def _code(text: str) -> str:
    """The source without comments and with string and char literals emptied, so braces can be counted."""
    return _NOISE.sub(lambda found: '""' if found.group()[0] in "\"'" else " ", text)


def _body(code: str, after: int) -> range:
    opening = code.find("{", after)
    if opening < 0:
        return range(0)
    depth = 0
    for index in range(opening, len(code)):
        depth += {"{": 1, "}": -1}.get(code[index], 0)
        if depth == 0:
            return range(opening, index + 1)
    return range(0)


def _declarations(code: str) -> Iterator[_Declaration]:
    for match in _DECLARATION.finditer(code):
        public = "public" in match.group(1).split()
        yield _Declaration(match.group(2), public, match.start(), _body(code, match.end()))


def find_main_class(files: Sequence[tuple[str, str]]) -> str:
    """The binary name of the type declaring `public static void main`, searched file by file: the types
    whose bodies enclose `main`, outermost first (`pkg.Outer$Inner` when main is in a nested type; nested
    helpers declared before main, like a `static class FastReader`, do not count). When braces cannot be
    matched, the last type declared before `main`."""
    for _name, text in files:
        code = _code(text)
        main = _MAIN.search(code)
        if main is None:
            continue
        before = [d for d in _declarations(code) if d.start < main.start()]
        if not before:
            continue
        enclosing = [d.name for d in before if main.start() in d.body]
        name = "$".join(enclosing) if enclosing else before[-1].name
        package = _PACKAGE.search(code)
        return f"{package.group(1)}.{name}" if package else name
    raise EntryPointNotFoundError(
        "No class with 'public static void main(String[] args)' was found in the Java sources."
    )


def file_name(name: str, text: str) -> str:
    """`<Class>.java` for a file declaring a public class, else the name as given (files in directories
    keep their path: a package layout is the contestant's choice)."""
    if "/" in name:
        return name
    public = next((d for d in _declarations(_code(text)) if d.public), None)
    return f"{public.name}.java" if public else name


@dataclass(frozen=True, slots=True)
class JavaLayout(SourceLayout):
    def lay_out(self, files: Sequence[tuple[str, str]], extensions: Sequence[str]) -> Layout:
        """Every `.java` file is compiled (renamed after its public class); other files keep their names."""
        java = [(name, text) for name, text in files if is_source(name, extensions)]
        names = tuple(file_name(name, text) if is_source(name, extensions) else name for name, text in files)
        sources = source_names(names, extensions)
        return Layout(names=names, sources=sources, main=sources[0], main_class=find_main_class(java))


JAVA = JavaLayout()
