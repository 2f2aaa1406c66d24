import pytest

from domain.judging.checkers import CustomChecker, ExactChecker, TokensChecker
from domain.judging.enums import CheckerProtocol, Verdict
from domain.packages.entities import TimeLimitRole
from domain.packages.exceptions import InvalidPackageError, UnsupportedPackageError
from domain.packages.expectations import Code
from tests.package_builder import minimal
from tests.unit.domain.packages.helpers import SUBMISSION_MAX_BYTES, parse, passfail

EXACT_ARGS = "output_validator_args: [case_sensitive, space_change_sensitive]\n"
HEADER = "#pragma once\nint verdict();\n"
SOURCE = '#include "validate.h"\nint verdict() { return 42; }\nint main() { return verdict(); }\n'


@pytest.mark.parametrize(
    ("flags", "checker"),
    [
        ("float_tolerance 1e-6", TokensChecker(absolute_tolerance=1e-6, relative_tolerance=1e-6)),
        ("float_relative_tolerance 0.5", TokensChecker(relative_tolerance=0.5)),
        (
            "case_sensitive space_change_sensitive",
            TokensChecker(case_sensitive=True, space_change_sensitive=True),
        ),
    ],
)
def test_default_validator_flags_map_onto_the_tokens_checker(flags: str, checker: TokensChecker) -> None:
    assert parse(minimal({"problem.yaml": f"name: X\nvalidator_flags: {flags}\n"})).checker == checker


@pytest.mark.parametrize("flags", ["float_tolerance", "float_tolerance abc", "float_absolute_tolerance -1"])
def test_a_malformed_tolerance_names_the_flag(flags: str) -> None:
    with pytest.raises(InvalidPackageError) as raised:
        parse(minimal({"problem.yaml": f"name: X\nvalidator_flags: {flags}\n"}))

    assert raised.value.details["field"] in ("float_tolerance", "float_absolute_tolerance")


def test_an_unknown_default_flag_is_a_warning() -> None:
    parsed = parse(minimal({"problem.yaml": "name: X\nvalidator_flags: ignore_case\n"}))

    assert parsed.checker == TokensChecker()
    assert any("'ignore_case'" in warning for warning in parsed.warnings)


def test_a_legacy_custom_validator_keeps_its_header_and_flags() -> None:
    files = minimal(
        {
            "problem.yaml": "name: X\nvalidation: custom\nvalidator_flags: strict\n",
            "output_validators/checker/validate.cc": SOURCE,
            "output_validators/checker/validate.h": HEADER,
            "output_validators/checker/README": "notes\n",
        }
    )

    parsed = parse(files)

    assert isinstance(parsed.checker, CustomChecker)
    assert parsed.checker.protocol is CheckerProtocol.KATTIS
    assert parsed.checker.language == "cpp"
    assert [(file.name, file.content) for file in parsed.checker.files] == [
        ("validate.cc", SOURCE),
        ("validate.h", HEADER),
    ]
    assert parsed.checker.flags == ("strict",)
    assert any("README not kept" in warning for warning in parsed.warnings)
    assert not any(file.path.startswith("output_validators") for file in parsed.files)


def test_a_2025_output_validator_directory_is_the_custom_checker() -> None:
    files = passfail({"output_validator/validator.py": "import sys\nsys.exit(42)\n"})

    checker = parse(files).checker

    assert isinstance(checker, CustomChecker)
    assert (checker.language, [file.name for file in checker.files]) == ("python3", ["validator.py"])


def test_a_python_validator_module_starts_at_main() -> None:
    files = passfail(
        {
            "output_validator/__init__.py": "",
            "output_validator/__main__.py": "from . import util\n",
            "output_validator/util.py": "x = 1\n",
        }
    )

    checker = parse(files).checker

    assert isinstance(checker, CustomChecker)
    assert [file.name for file in checker.files] == ["__main__.py", "__init__.py", "util.py"]


def test_custom_validation_without_a_validator_names_the_field() -> None:
    with pytest.raises(InvalidPackageError) as raised:
        parse(minimal({"problem.yaml": "name: X\nvalidation: custom\n"}))

    assert raised.value.details == {"file": "problem.yaml", "field": "validation"}


@pytest.mark.parametrize(
    "files",
    [
        {"output_validators/v/validate.hs": "main = return ()\n"},
        {"output_validators/v/build": "#!/bin/sh\n", "output_validators/v/run": "#!/bin/sh\n"},
        {"output_validators/v/validate.py": "#!/usr/bin/env python2\nprint 1\n"},
        {"output_validators/v/a.py": "1\n", "output_validators/v/b.cpp": "int main(){}\n"},
    ],
    ids=["haskell", "build-run", "python2", "mixed"],
)
def test_a_validator_this_judge_cannot_compile_names_the_language_field(files: dict[str, str]) -> None:
    package = minimal({"problem.yaml": "name: X\nvalidation: custom\n", **files})

    with pytest.raises(InvalidPackageError) as raised:
        parse(package)

    assert raised.value.details["field"] == "language"
    assert str(raised.value.details["file"]).startswith("output_validators/")


def test_two_output_validators_are_unsupported() -> None:
    files = minimal(
        {
            "problem.yaml": "name: X\nvalidation: custom\n",
            "output_validators/a.py": "1\n",
            "output_validators/b.py": "1\n",
        }
    )

    with pytest.raises(UnsupportedPackageError):
        parse(files)


def test_this_judges_own_hints_restore_exact_and_testlib_checkers() -> None:
    exact = passfail(
        {
            ".testing-service.yaml": "checker: exact\nwall_time_ms: 5000\n",
            "data/secret/test_group.yaml": EXACT_ARGS,
            "data/sample/test_group.yaml": EXACT_ARGS,
        }
    )
    testlib = passfail(
        {
            ".testing-service.yaml": "checker_protocol: testlib\n",
            "output_validator/check.cpp": "int main(){}\n",
        }
    )

    assert parse(exact).checker == ExactChecker()
    assert parse(exact).wall_time_ms == 5000
    checker = parse(testlib).checker
    assert isinstance(checker, CustomChecker)
    assert checker.protocol is CheckerProtocol.TESTLIB


def test_jury_directories_say_what_each_submission_should_get() -> None:
    files = minimal(
        {
            "submissions/time_limit_exceeded/slow.cpp": "int main() { for (;;); }\n",
            "submissions/run_time_error/crash.c": "int main() { return 1; }\n",
            "submissions/run_time_error/multi/main.py": "import util\n",
            "submissions/run_time_error/multi/util.py": "raise SystemExit(3)\n",
        }
    )

    jury = {item.path: item for item in parse(files).jury}

    assert jury["accepted/sum.py"].expectation.verdicts() == [Verdict.ACCEPTED]
    assert jury["accepted/sum.py"].role is TimeLimitRole.LOWER
    assert jury["wrong_answer/diff.py"].expectation.verdicts() == [Verdict.WRONG_ANSWER]
    assert jury["time_limit_exceeded/slow.cpp"].role is TimeLimitRole.UPPER
    assert jury["time_limit_exceeded/slow.cpp"].language == "cpp"
    assert Verdict.MEMORY_LIMIT_EXCEEDED in jury["run_time_error/crash.c"].expectation.verdicts()
    multi = jury["run_time_error/multi"]
    assert ([file.name for file in multi.files], multi.skipped) == (["main.py", "util.py"], None)


def test_domjudge_annotations_count_outside_the_formats_directories() -> None:
    files = minimal(
        {
            "submissions/mixed/random.py": "# @EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER\nprint(3)\n",
            "submissions/accepted/tagged.py": "# @EXPECTED_RESULTS@: TIMELIMIT\nprint(3)\n",
            "submissions/mixed/untagged.py": "print(3)\n",
        }
    )

    jury = {item.path: item for item in parse(files).jury}

    assert jury["mixed/random.py"].expectation.verdicts() == [Verdict.ACCEPTED, Verdict.WRONG_ANSWER]
    assert jury["accepted/tagged.py"].expectation.verdicts() == [Verdict.ACCEPTED]
    assert jury["mixed/untagged.py"].skipped is not None


def test_submissions_yaml_sets_expectations_language_and_entry_point() -> None:
    files = passfail(
        {
            "submissions/submissions.yaml": (
                "accepted/*:\n  language: python3\n"
                "time_limit_exceeded:\n  permitted: [AC, WA, TLE]\n"
                "other/slow.py:\n  permitted: [AC, TLE]\n  required: [TLE]\n  use_for_time_limit: false\n"
                "other/prog:\n  entrypoint: run.py\n  required: [WA]\n  score: [10, 20]\n"
            ),
            "submissions/time_limit_exceeded/loop.py": "while True: pass\n",
            "submissions/other/slow.py": "while True: pass\n",
            "submissions/other/prog/run.py": "import helper\n",
            "submissions/other/prog/helper.py": "print(0)\n",
        }
    )

    jury = {item.path: item for item in parse(files).jury}

    assert jury["time_limit_exceeded/loop.py"].expectation.permitted == frozenset(
        {Code.AC, Code.WA, Code.TLE}
    )
    assert jury["other/slow.py"].expectation.verdicts() == [Verdict.TIME_LIMIT_EXCEEDED]
    assert jury["other/slow.py"].role is TimeLimitRole.NONE
    assert [file.name for file in jury["other/prog"].files] == ["run.py", "helper.py"]
    assert jury["other/prog"].expectation.score == (10.0, 20.0)
    assert jury["accepted/sum.py"].language == "python3"


@pytest.mark.parametrize(
    ("path", "content", "reason"),
    [
        ("submissions/accepted/sol.kt", "fun main() {}\n", "kotlin"),
        ("submissions/accepted/old.py", "#!/usr/bin/python2\nprint 3\n", "python2"),
        ("submissions/accepted/big.py", "#" * (SUBMISSION_MAX_BYTES + 1), "SUBMISSION_MAX_BYTES"),
        ("submissions/accepted/deep/a/b.py", "print()\n", "nested"),
        ("submissions/partially_accepted/half.py", "print(3)\n", "scoring problems"),
    ],
)
def test_jury_submissions_this_judge_cannot_run_are_kept_with_a_reason(
    path: str, content: str | bytes, reason: str
) -> None:
    parsed = parse(minimal({path: content}))

    skipped = [item for item in parsed.jury if item.skipped]
    assert len(skipped) == 1
    assert reason in (skipped[0].skipped or "")
    assert any("not judged" in warning for warning in parsed.warnings)


def test_jury_sources_are_kept_as_their_bytes_whatever_their_encoding() -> None:
    cp1251 = "// комментарий\nint main() { return 0; }\n".encode("cp1251")
    parsed = parse(
        minimal(
            {
                "submissions/accepted/legacy.cpp": cp1251,
                "submissions/wrong_answer/nul.c": b"int main() { return 0; }\0\n",
                "submissions/accepted/bom.py": b"\xef\xbb\xbfprint(3)\n",
            }
        )
    )

    jury = {item.path: item for item in parsed.jury}
    assert all(item.skipped is None for item in parsed.jury)
    assert jury["accepted/legacy.cpp"].files[0].content == cp1251
    assert jury["wrong_answer/nul.c"].files[0].content == b"int main() { return 0; }\0\n"
    assert jury["accepted/bom.py"].files[0].content == b"print(3)\n"  # only a UTF-8 byte order mark goes


def test_an_unknown_verdict_code_in_submissions_yaml_names_it() -> None:
    files = passfail({"submissions/submissions.yaml": "accepted:\n  permitted: [OK]\n"})

    with pytest.raises(InvalidPackageError) as raised:
        parse(files)

    assert raised.value.details["field"] == "accepted.permitted"


CHECKER_SOURCE = '#include "testlib.h"\n#include "rules.h"\nint main() {}\n'


@pytest.mark.parametrize(
    ("extras", "protocol"),
    [(None, CheckerProtocol.TESTLIB), ("interactor_checker_protocol: kattis\n", CheckerProtocol.KATTIS)],
)
def test_an_interactive_packages_interactor_checker_directory_is_its_checker(
    extras: str | None, protocol: CheckerProtocol
) -> None:
    files: dict[str, str | bytes] = {
        "output_validator/interact.cpp": SOURCE,
        "interactor_checker/check.cpp": CHECKER_SOURCE,
        "interactor_checker/rules.h": HEADER,
    }
    if extras is not None:
        files[".testing-service.yaml"] = extras

    parsed = parse(passfail(files, type="interactive"))

    assert isinstance(parsed.checker, CustomChecker)
    assert (parsed.checker.protocol, parsed.checker.language) == (protocol, "cpp")
    assert [(file.name, file.content) for file in parsed.checker.files] == [
        ("check.cpp", CHECKER_SOURCE),
        ("rules.h", HEADER),
    ]
    assert not any(file.path.startswith("interactor_checker") for file in parsed.files)


@pytest.mark.parametrize("protocol", ["polygon", "[testlib]", "{a: 1}", "1"])
def test_an_unknown_interactor_checker_protocol_is_refused_with_its_field(protocol: str) -> None:
    files = {
        "output_validator/interact.cpp": SOURCE,
        "interactor_checker/check.cpp": CHECKER_SOURCE,
        ".testing-service.yaml": f"interactor_checker_protocol: {protocol}\n",
    }
    with pytest.raises(InvalidPackageError) as raised:
        parse(passfail(files, type="interactive"))

    assert raised.value.details["field"] == "interactor_checker_protocol"
