"""The output validator: the default one (its flags onto the tokens checker) or a custom program (onto the
Kattis-protocol checker, with all its source files, headers included).

Custom: legacy `validation: custom` with one program in `output_validators/`; 2023-07 and 2025-09 a
program in `output_validator/` (its files, or one directory of them). Refused (422): no program, a
language this judge does not run, `build`/`run` scripts, nested directories, text that is not UTF-8;
several validators are unsupported. Default flags: `case_sensitive`, `space_change_sensitive`,
`float_tolerance ε` (both tolerances), `float_absolute_tolerance ε`, `float_relative_tolerance ε`.
"""

from collections.abc import Mapping, Sequence

from application.packages.format.layout import PackageIndex
from application.packages.format.programs import HEADERS, SUPPORTED, detect_language, entry_first, suffix
from application.packages.format.values import invalid
from domain.judging.checkers import CheckerFile, CheckerSpec, CustomChecker, ExactChecker, TokensChecker
from domain.judging.enums import CheckerProtocol
from domain.judging.exceptions import InvalidCheckerError
from domain.packages.exceptions import UnsupportedPackageError
from domain.problems.entities import CHECKER_SOURCE_MAX_BYTES

LEGACY_DIRECTORY = "output_validators"
DIRECTORY = "output_validator"
INTERACTOR_CHECKER = "interactor_checker"
"""This judge's own directory: the checker of an interactive problem's interactor output (testlib's
Polygon flow), which the format's one validator slot (the interactor) cannot hold."""
_TOLERANCES = ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance")


def validator_program(index: PackageIndex, *, legacy: bool, custom: bool) -> tuple[str, list[str]] | None:
    """(the program's directory or file, its files) of the custom validator, or None for the default."""
    directories = (LEGACY_DIRECTORY, DIRECTORY) if legacy else (DIRECTORY, LEGACY_DIRECTORY)
    found = next((directory for directory in directories if index.under(directory)), None)
    if found is None:
        if custom:
            raise invalid(
                "problem.yaml",
                "validation",
                f"custom validation needs a program in {directories[0]}/, which is empty or missing",
            )
        return None
    if legacy and not custom:
        return None  # the caller warns: validation is default
    files, dirs = index.listing(found)
    if found == LEGACY_DIRECTORY or (not files and len(dirs) == 1):
        programs = [f"{found}/{name}" for name in dirs] + files
        if len(programs) > 1:
            raise UnsupportedPackageError(
                f"{found}/: several output validators ({', '.join(programs)}); this judge runs one",
                details={"file": f"{found}/", "field": "validation"},
            )
        program = programs[0]
    else:
        program = found
    members = index.under(program) if program not in index.files else [program]
    return program, members


def custom_checker(
    program: str, members: Sequence[str], texts: Mapping[str, bytes], flags: Sequence[str]
) -> tuple[CustomChecker, list[str]]:
    """The checker, and the program's files that are not sources (a checker gets only its compiled
    code when it runs)."""
    sources: dict[str, str] = {}
    total = 0
    for path in members:
        relative = path[len(program) + 1 :] if path != program else path.rsplit("/", 1)[-1]
        if "/" in relative:
            raise invalid(path, "language", "validators with nested directories are not supported")
        if relative in ("build", "run"):
            raise invalid(path, "language", "validators with build or run scripts are not supported")
        total += len(texts.get(path, b""))
        if total > CHECKER_SOURCE_MAX_BYTES:
            raise invalid(path, None, f"the validator's files are over {CHECKER_SOURCE_MAX_BYTES} bytes")
        try:
            sources[relative] = texts[path].decode("utf-8-sig")
        except UnicodeDecodeError:
            raise invalid(path, None, "validator files must be UTF-8 text") from None
        if "\0" in sources[relative]:
            raise invalid(path, None, "validator files must not hold NUL characters")
    language = detect_language(sources)
    if language.code not in SUPPORTED:
        what = language.problem or f"language {language.code}"
        raise invalid(
            program,
            "language",
            f"the output validator's language is not supported ({what}); this judge compiles "
            f"{', '.join(sorted(SUPPORTED))}",
            language=language.code,
        )
    code = language.code
    assert code is not None
    same = {"c", "cpp"} if code == "cpp" else {code}
    kept = [name for name in sources if suffix(name) in HEADERS or detect_language({name: ""}).code in same]
    dropped = sorted(set(sources) - set(kept))
    ordered = entry_first(code, kept)
    if ordered is None:
        raise invalid(program, "language", "cannot tell which file is the validator's entry point")
    try:
        checker = CustomChecker(
            protocol=CheckerProtocol.KATTIS,
            language=code,
            files=tuple(CheckerFile(name=name, content=sources[name]) for name in ordered),
            flags=tuple(flags),
        )
    except InvalidCheckerError as error:
        raise invalid(program, "files", error.message) from None
    return checker, dropped


def default_checker(flags: Sequence[str], where: str, warnings: list[str], *, exact: bool) -> CheckerSpec:
    """The default validator with these flags; `exact` (this judge's own export) when it was byte-exact."""
    options: dict[str, float | None] = {"absolute_tolerance": None, "relative_tolerance": None}
    case_sensitive = space_sensitive = False
    items = list(flags)
    position = 0
    while position < len(items):
        flag = items[position]
        position += 1
        if flag == "case_sensitive":
            case_sensitive = True
        elif flag == "space_change_sensitive":
            space_sensitive = True
        elif flag in _TOLERANCES:
            if position >= len(items):
                raise invalid(where, flag, f"{flag} needs a value")
            raw = items[position]
            position += 1
            try:
                value = float(raw)
            except ValueError:
                raise invalid(where, flag, f"{flag} needs a number, got {raw!r}") from None
            if not value >= 0 or value == float("inf"):
                raise invalid(where, flag, f"{flag} must be a finite number >= 0, got {raw!r}")
            if flag in ("float_tolerance", "float_absolute_tolerance"):
                options["absolute_tolerance"] = value
            if flag in ("float_tolerance", "float_relative_tolerance"):
                options["relative_tolerance"] = value
        else:
            warnings.append(f"{where}: unknown default validator flag {flag!r} ignored")
    if (
        exact
        and case_sensitive
        and space_sensitive
        and options
        == {
            "absolute_tolerance": None,
            "relative_tolerance": None,
        }
    ):
        return ExactChecker()
    return TokensChecker(case_sensitive=case_sensitive, space_change_sensitive=space_sensitive, **options)


def default_flags(checker: CheckerSpec) -> list[str]:
    """The default validator's flags for a built-in checker (the export's inverse of `default_checker`)."""
    if isinstance(checker, ExactChecker):
        return ["case_sensitive", "space_change_sensitive"]
    if not isinstance(checker, TokensChecker):
        return []
    flags = [
        name
        for name, on in (
            ("case_sensitive", checker.case_sensitive),
            ("space_change_sensitive", checker.space_change_sensitive),
        )
        if on
    ]
    absolute, relative = checker.absolute_tolerance, checker.relative_tolerance
    if absolute is not None and absolute == relative:
        return [*flags, "float_tolerance", repr(absolute)]
    if absolute is not None:
        flags += ["float_absolute_tolerance", repr(absolute)]
    if relative is not None:
        flags += ["float_relative_tolerance", repr(relative)]
    return flags
