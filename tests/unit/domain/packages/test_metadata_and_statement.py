import pytest

from domain.judging.enums import ProblemType
from domain.packages.exceptions import (
    InteractiveNotSupportedError,
    InvalidPackageError,
    UnsupportedPackageError,
)
from domain.problems.entities import StatementFormat
from domain.problems.files import FileKind
from tests.package_builder import minimal
from tests.unit.domain.packages.helpers import append, parse, passfail


def test_a_legacy_package_without_a_version_is_read_as_legacy() -> None:
    parsed = parse(minimal())

    assert parsed.format_version == "legacy"
    assert parsed.title == "A plus B"
    assert parsed.type is ProblemType.PASS_FAIL
    assert parsed.statement_format is StatementFormat.LATEX
    assert parsed.statement.startswith("\\problemname{A plus B}")
    assert parsed.time_rule.ac_to_time_limit == 5.0  # legacy time_multiplier default
    assert parsed.time_rule.fixed_ms is None


@pytest.mark.parametrize(
    ("version", "expected"),
    [("legacy", "legacy"), ("2023-07-draft", "2023-07"), ("2025-09", "2025-09"), ("draft", "2025-09")],
)
def test_format_versions(version: str, expected: str) -> None:
    assert parse(passfail(problem_format_version=version)).format_version == expected


def test_an_unknown_version_names_the_field() -> None:
    with pytest.raises(InvalidPackageError) as raised:
        parse(passfail(problem_format_version="1999-01"))

    assert raised.value.details["file"] == "problem.yaml"
    assert raised.value.details["field"] == "problem_format_version"


def test_limits_are_read_in_the_units_of_the_format() -> None:
    files = passfail()
    files["problem.yaml"] = (
        "problem_format_version: 2025-09\nname: Sum\nlimits:\n  time_limit: 1.5\n  memory: 512\n  output: 2\n"
        "  time_multipliers:\n    ac_to_time_limit: 3\n  time_resolution: 0.5\n  code: 64\n"
    )
    parsed = parse(files)

    assert parsed.time_rule.fixed_ms == 1500
    assert (parsed.time_rule.ac_to_time_limit, parsed.time_rule.resolution_ms) == (3.0, 500)
    assert (parsed.memory_mb, parsed.output_kb) == (512, 2048)
    assert any("limits.code" in warning for warning in parsed.warnings)


def test_a_domjudge_timelimit_file_gives_the_time_limit() -> None:
    parsed = parse(minimal({".timelimit": "2.5\n"}))

    assert parsed.time_rule.fixed_ms == 2500


def test_conflicting_time_limits_keep_problem_yaml_and_warn() -> None:
    files = passfail({".timelimit": "3\n"})
    append(files, "problem.yaml", "limits:\n  time_limit: 2\n")

    parsed = parse(files)

    assert parsed.time_rule.fixed_ms == 2000
    assert any(".timelimit (3 s)" in warning for warning in parsed.warnings)


def test_a_limit_this_judge_cannot_enforce_refuses_the_package() -> None:
    files = passfail()
    append(files, "problem.yaml", "limits:\n  memory: 100000\n")

    with pytest.raises(UnsupportedPackageError) as raised:
        parse(files)

    assert raised.value.details["field"] == "limits.memory"


@pytest.mark.parametrize("value", ["abc", "-1", "[1, 2]"])
def test_a_malformed_limit_names_its_field(value: str) -> None:
    files = passfail()
    append(files, "problem.yaml", f"limits:\n  time_limit: {value}\n")

    with pytest.raises(InvalidPackageError) as raised:
        parse(files)

    assert raised.value.details["field"] == "limits.time_limit"


@pytest.mark.parametrize("problem_type", ["multi-pass", "submit-answer", "[pass-fail, multi-pass]"])
def test_multi_pass_and_submit_answer_are_unsupported(problem_type: str) -> None:
    with pytest.raises(UnsupportedPackageError) as raised:
        parse(passfail(type=problem_type))

    assert raised.value.details["field"] == "type"
    assert not isinstance(raised.value, InteractiveNotSupportedError)


def test_an_interactive_problem_is_parsed_fully_and_marked() -> None:
    files = passfail({"output_validator/interact.py": "import sys\nsys.exit(42)\n"}, type="interactive")

    parsed = parse(files)

    assert parsed.interactive is not None
    assert (parsed.interactive.file, parsed.interactive.field) == ("problem.yaml", "type")
    assert parsed.interactive.validator is not None
    assert parsed.interactive.validator.language == "python3"


def test_legacy_custom_interactive_validation_is_marked_on_the_validation_field() -> None:
    files = minimal(
        {
            "problem.yaml": "name: Guess\nvalidation: custom interactive\n",
            "output_validators/v/validate.cpp": "int main() { return 42; }\n",
        }
    )

    parsed = parse(files)

    assert parsed.interactive is not None
    assert parsed.interactive.field == "validation"


@pytest.mark.parametrize("validation", ["strict", "custom magic", "default score"])
def test_an_unknown_validation_type_names_the_field(validation: str) -> None:
    with pytest.raises(InvalidPackageError) as raised:
        parse(minimal({"problem.yaml": f"name: X\nvalidation: {validation}\n"}))

    assert raised.value.details == {"file": "problem.yaml", "field": "validation"}


@pytest.mark.parametrize(
    "content",
    ["name: [unclosed\n", "- just\n- a list\n", "a: &x [1]\nb: *x\n", "name: " + "[" * 50_000 + "\n"],
    ids=["bad-yaml", "not-a-mapping", "alias", "deep-nesting"],
)
def test_bad_yaml_is_refused_naming_the_file(content: str) -> None:
    with pytest.raises(InvalidPackageError) as raised:
        parse(minimal({"problem.yaml": content}))

    assert raised.value.details["file"] == "problem.yaml"


def test_a_billion_laughs_yaml_is_refused_without_expanding_it() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]

    with pytest.raises(InvalidPackageError) as raised:
        parse(minimal({"problem.yaml": "\n".join(lines) + "\n"}))

    assert "aliases" in raised.value.message


def test_unknown_and_dropped_metadata_are_warnings() -> None:
    parsed = parse(minimal({"problem.yaml": "name: X\nauthor: Ada\nlicense: cc0\nfancy_tool_key: 1\n"}))

    assert any("fancy_tool_key" in warning for warning in parsed.warnings)
    assert any("author, license" in warning for warning in parsed.warnings)


def test_no_problem_yaml_is_refused() -> None:
    with pytest.raises(InvalidPackageError) as raised:
        parse(minimal({"problem.yaml": None}))

    assert raised.value.details["file"] == "problem.yaml"


def test_a_package_inside_one_top_directory_takes_its_name() -> None:
    parsed = parse({f"sum/{path}": content for path, content in minimal().items()})

    assert parsed.short_name == "sum"
    assert len(parsed.tests) == 3


def test_the_english_markdown_statement_is_chosen_and_the_rest_kept_as_files() -> None:
    files = passfail(
        {
            "statement/problem.en.tex": "\\problemname{Sum}\nLaTeX version\n",
            "statement/problem.sv.md": "Addera två tal.\n",
            "statement/figure.png": b"\x89PNG\r\n",
        }
    )

    parsed = parse(files)

    assert (parsed.statement, parsed.statement_format) == ("Add two numbers.\n", StatementFormat.MARKDOWN)
    kept = {file.path: file.kind for file in parsed.files}
    assert kept["statement/problem.sv.md"] is FileKind.STATEMENT
    assert kept["statement/problem.en.tex"] is FileKind.STATEMENT
    assert kept["statement/figure.png"] is FileKind.STATEMENT
    assert "statement/problem.en.md" not in kept


def test_a_pdf_only_statement_stays_a_file() -> None:
    files = passfail({"statement/problem.pdf": b"%PDF-1.4"})
    del files["statement/problem.en.md"]

    parsed = parse(files)

    assert (parsed.statement, parsed.statement_format) == ("", StatementFormat.PDF)
    assert [file.path for file in parsed.files if file.kind is FileKind.STATEMENT] == [
        "statement/problem.pdf"
    ]


def test_a_domjudge_html_statement_at_the_top_is_read() -> None:
    files = minimal({"problem_statement/problem.en.tex": None, "problem.html": "<p>Add.</p>\n"})

    parsed = parse(files)

    assert (parsed.statement, parsed.statement_format) == ("<p>Add.</p>\n", StatementFormat.HTML)


def test_the_title_falls_back_to_the_latex_problem_name() -> None:
    parsed = parse(minimal({"problem.yaml": "validation: default\n"}))

    assert parsed.title == "A plus B"
    assert any("name: missing" in warning for warning in parsed.warnings)


@pytest.mark.parametrize("statement", [b"\xff\xfe bad", "nul \x00 inside"], ids=["not-utf8", "nul"])
def test_an_unreadable_statement_names_its_file(statement: str | bytes) -> None:
    with pytest.raises(InvalidPackageError) as raised:
        parse(passfail({"statement/problem.en.md": statement}))

    assert raised.value.details["file"] == "statement/problem.en.md"


def test_attachments_are_public_files_and_the_rest_jury_files() -> None:
    files = passfail(
        {
            "attachments/testing_tool.py": "print()\n",
            "input_format_validators/check.ctd": "INT(1,10)\n",
            "generators/gen.py": "print(1)\n",
            "NOTES.txt": "internal\n",
        }
    )

    kept = {file.path: file.kind for file in parse(files).files}

    assert kept["attachments/testing_tool.py"] is FileKind.ATTACHMENT
    assert kept["input_validators/check.ctd"] is FileKind.JURY
    assert kept["generators/gen.py"] is FileKind.JURY
    assert kept["NOTES.txt"] is FileKind.JURY
