"""The statement: `statement/` (2023-07, 2025-09) or `problem_statement/` (legacy), with
`problem.<language>.<md|tex|html|pdf>` (no language: English). The English one is the problem's
statement (else the first language in order), in the first of Markdown, LaTeX, HTML, PDF it exists in,
kept as written with its format recorded (a PDF stays a file and the text is empty). Every other file
there (images, other languages, the PDF) is kept as a statement file under `statement/`, public with
the problem. A DOMjudge package's `problem.{html,pdf,txt}` at the top is read when there is no
statement directory. The title is `name` for the chosen language, else LaTeX's `\\problemname{…}` (or
`%% plainproblemname:`), else the short name.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from application.packages.format.layout import PackageIndex
from application.packages.format.model import PackageFile
from application.packages.format.values import invalid
from domain.problems.entities import STATEMENT_MAX_CHARS, StatementFormat
from domain.problems.files import FileKind

DIRECTORIES = ("statement", "problem_statement")
FORMATS: Mapping[str, StatementFormat] = {
    "md": StatementFormat.MARKDOWN,
    "tex": StatementFormat.LATEX,
    "html": StatementFormat.HTML,
    "pdf": StatementFormat.PDF,
}
_PREFERENCE = ("md", "tex", "html", "pdf")
_STATEMENT = re.compile(
    r"problem(?:\.(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z]{2})?))?\.(?P<ext>md|tex|html|pdf)"
)
_PROBLEMNAME = re.compile(r"\\problemname\{((?:[^{}]|\{[^{}]*\})*)\}")
_PLAIN_NAME = re.compile(r"^%%\s*plainproblemname:\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatementChoice:
    path: str | None  # package path of the chosen statement file
    language: str
    format: StatementFormat


def statement_candidates(index: PackageIndex) -> list[str]:
    """The statement files whose text may be read (the parser asks for these)."""
    found = []
    for directory in DIRECTORIES:
        files, _ = index.listing(directory)
        found += [path for path in files if _STATEMENT.fullmatch(path.rsplit("/", 1)[-1])]
    if not found:
        found = [path for path in ("problem.html", "problem.txt", "problem.pdf") if index.has(path)]
    return [path for path in found if not path.endswith(".pdf")]


def choose_statement(index: PackageIndex) -> tuple[str | None, StatementChoice]:
    """(the statement directory, the chosen file)."""
    for directory in DIRECTORIES:
        files, _ = index.listing(directory)
        options: dict[str, dict[str, str]] = {}
        for path in files:
            match = _STATEMENT.fullmatch(path.rsplit("/", 1)[-1])
            if match:
                options.setdefault(match["language"] or "en", {})[match["ext"]] = path
        if options:
            language = "en" if "en" in options else sorted(options)[0]
            ext = next(ext for ext in _PREFERENCE if ext in options[language])
            return directory, StatementChoice(
                path=options[language][ext], language=language, format=FORMATS[ext]
            )
    for path, statement_format in (
        ("problem.html", StatementFormat.HTML),
        ("problem.txt", StatementFormat.MARKDOWN),
        ("problem.pdf", StatementFormat.PDF),
    ):
        if index.has(path):
            return None, StatementChoice(path=path, language="en", format=statement_format)
    return None, StatementChoice(path=None, language="en", format=StatementFormat.MARKDOWN)


def statement_text(choice: StatementChoice, texts: Mapping[str, bytes]) -> str:
    if choice.path is None or choice.format is StatementFormat.PDF:
        return ""
    try:
        statement = texts[choice.path].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise invalid(choice.path, None, "the statement is not UTF-8 text") from None
    if "\0" in statement:
        raise invalid(choice.path, None, "the statement holds NUL characters")
    if len(statement) > STATEMENT_MAX_CHARS:
        raise invalid(choice.path, None, f"the statement is over {STATEMENT_MAX_CHARS} characters")
    return statement


def latex_title(statement: str) -> str | None:
    plain = _PLAIN_NAME.search(statement)
    if plain:
        return plain.group(1).strip()
    found = _PROBLEMNAME.search(statement)
    return found.group(1).strip() if found and found.group(1).strip() else None


def statement_files(index: PackageIndex, directory: str | None, choice: StatementChoice) -> list[PackageFile]:
    """Every file of the statement directory but the chosen text (a PDF statement stays a file)."""
    kept = []
    if directory is None:
        if choice.format is StatementFormat.PDF and choice.path:
            kept.append(
                PackageFile(path="statement/problem.en.pdf", kind=FileKind.STATEMENT, source=choice.path)
            )
        return kept
    for path in index.under(directory):
        if path == choice.path and choice.format is not StatementFormat.PDF:
            continue
        relative = path[len(directory) + 1 :]
        kept.append(PackageFile(path=f"statement/{relative}", kind=FileKind.STATEMENT, source=path))
    return kept
