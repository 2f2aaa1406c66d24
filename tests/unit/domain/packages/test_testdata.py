import pytest

from domain.judging.checkers import TokensChecker
from domain.packages.exceptions import InvalidPackageError, UnsupportedPackageError
from domain.problems.entities import DEFAULT_GROUP
from tests.package_builder import minimal
from tests.unit.domain.packages.helpers import parse, passfail


def _scoring(
    groups: dict[str, str], tests: dict[str, int], secret_yaml: str | None = None
) -> dict[str, str | bytes]:
    """A 2025-09 scoring package: `groups` maps a group directory to its test_group.yaml, `tests` a
    directory under data/secret to how many tests it holds."""
    files = passfail(type="scoring")
    for name in list(files):
        if name.startswith("data/secret/"):
            del files[name]
    for directory, count in tests.items():
        for number in range(1, count + 1):
            files[f"data/secret/{directory}/{number:02d}.in".replace("//", "/")] = f"{number}\n"
            files[f"data/secret/{directory}/{number:02d}.ans".replace("//", "/")] = f"{number}\n"
    for directory, config in groups.items():
        files[f"data/secret/{directory}/test_group.yaml"] = config
    if secret_yaml is not None:
        files["data/secret/test_group.yaml"] = secret_yaml
    return files


def _points(files: dict[str, str | bytes]) -> dict[str, float]:
    return {group.name: round(group.points, 6) for group in parse(files).groups}


def test_tests_are_named_by_their_path_and_samples_come_first() -> None:
    parsed = parse(passfail({"data/secret/big/03.in": "1\n", "data/secret/big/03.ans": "1\n"}))

    assert [(test.name, test.sample, test.group) for test in parsed.tests] == [
        ("sample.1", True, DEFAULT_GROUP),
        ("secret.01", False, DEFAULT_GROUP),
        ("secret.02", False, DEFAULT_GROUP),
        ("secret.big.03", False, DEFAULT_GROUP),
    ]
    assert parsed.groups == []
    assert (parsed.tests[0].input, parsed.tests[0].answer) == ("data/sample/1.in", "data/sample/1.ans")


def test_an_order_that_natural_sorting_changes_is_a_warning() -> None:
    files = passfail({"data/secret/10.in": "1\n", "data/secret/10.ans": "1\n", "data/secret/9.in": "1\n"})
    files["data/secret/9.ans"] = "1\n"

    warnings = parse(files).warnings

    assert any("natural order" in warning for warning in warnings)


def test_an_in_without_ans_names_the_file() -> None:
    with pytest.raises(InvalidPackageError) as raised:
        parse(passfail({"data/secret/03.in": "1\n"}))

    assert raised.value.details == {"file": "data/secret/03.in", "field": "ans"}


def test_no_secret_data_is_refused() -> None:
    files = {path: content for path, content in passfail().items() if not path.startswith("data/secret/")}

    with pytest.raises(InvalidPackageError) as raised:
        parse(files)

    assert raised.value.details["file"] == "data/secret"


def test_2025_groups_with_pass_fail_or_min_are_groups_worth_their_max_score() -> None:
    files = _scoring(
        {"group1": "max_score: 30\n", "group2": "max_score: 70\nscore_aggregation: min\n"},
        {"group1": 2, "group2": 3},
    )

    parsed = parse(files)

    assert _points(files) == {"sample": 0.0, "group1": 30.0, "group2": 70.0}
    assert {test.name: test.group for test in parsed.tests}["secret.group2.03"] == "group2"
    assert all(test.group == "sample" for test in parsed.tests if test.sample)


def test_a_2025_sum_group_makes_each_test_a_group_of_an_equal_share() -> None:
    files = _scoring(
        {"a": "max_score: 40\nscore_aggregation: sum\n", "b": "max_score: 60\n"}, {"a": 4, "b": 1}
    )

    assert _points(files) == {
        "sample": 0.0,
        "a.01": 10.0,
        "a.02": 10.0,
        "a.03": 10.0,
        "a.04": 10.0,
        "b": 60.0,
    }


def test_a_secret_without_groups_sums_its_tests_by_default() -> None:
    files = _scoring({}, {"": 4})

    assert _points(files) == {"sample": 0.0, "01": 25.0, "02": 25.0, "03": 25.0, "04": 25.0}


def test_a_secret_worth_100_with_min_needs_no_group() -> None:
    files = _scoring({}, {"": 3}, secret_yaml="score_aggregation: min\n")

    parsed = parse(files)

    assert [group.name for group in parsed.groups] == ["sample"]
    assert {test.group for test in parsed.tests if not test.sample} == {DEFAULT_GROUP}


def test_unbounded_scores_are_unsupported() -> None:
    files = _scoring({"g": "max_score: unbounded\n"}, {"g": 1}, secret_yaml="max_score: unbounded\n")

    with pytest.raises(UnsupportedPackageError) as raised:
        parse(files)

    assert raised.value.details["field"] == "max_score"


def test_a_group_without_max_score_names_its_file() -> None:
    files = _scoring({"g": "score_aggregation: min\n"}, {"g": 1})

    with pytest.raises(InvalidPackageError) as raised:
        parse(files)

    assert raised.value.details == {"file": "data/secret/g/test_group.yaml", "field": "max_score"}


def test_tests_beside_groups_in_secret_are_refused() -> None:
    files = _scoring({"g": "max_score: 100\n"}, {"g": 1, "": 1})

    with pytest.raises(InvalidPackageError):
        parse(files)


def test_require_pass_is_a_warning() -> None:
    files = _scoring(
        {"a": "max_score: 50\n", "b": "max_score: 50\nrequire_pass: secret/a\n"}, {"a": 1, "b": 1}
    )

    assert any("require_pass" in warning for warning in parse(files).warnings)


def test_the_2023_draft_scoring_block_is_read() -> None:
    files = _scoring(
        {"a": "scoring:\n  score: 30\n  aggregation: min\n", "b": "scoring:\n  score: 70\n"}, {"a": 1, "b": 1}
    )

    assert _points(files) == {"sample": 0.0, "a": 30.0, "b": 70.0}


def _legacy_scoring(configs: dict[str, str], tests: dict[str, int]) -> dict[str, str | bytes]:
    files = minimal(
        {"problem.yaml": "name: X\ntype: scoring\n", "data/secret/1.in": None, "data/secret/1.ans": None}
    )
    files.pop("data/secret/2.in")
    files.pop("data/secret/2.ans")
    for directory, count in tests.items():
        for number in range(1, count + 1):
            files[f"data/secret/{directory}/{number}.in"] = "1\n"
            files[f"data/secret/{directory}/{number}.ans"] = "1\n"
    for directory, config in configs.items():
        files[f"{directory}/testdata.yaml"] = config
    return files


def test_legacy_min_groups_are_worth_their_accept_score() -> None:
    files = _legacy_scoring(
        {
            "data": "grader_flags: ignore_sample\n",
            "data/sample": "accept_score: 0\n",
            "data/secret/sub1": "accept_score: 30\ngrader_flags: min\n",
            "data/secret/sub2": "accept_score: 70\ngrader_flags: min\n",
        },
        {"sub1": 2, "sub2": 2},
    )

    parsed = parse(files)

    assert _points(files) == {"sample": 0.0, "sub1": 30.0, "sub2": 70.0}
    assert not any("samples score nothing" in warning for warning in parsed.warnings)


def test_legacy_default_scoring_gives_each_test_its_accept_score() -> None:
    files = _legacy_scoring({}, {"g": 3})

    parsed = parse(files)

    assert _points(files) == {"sample": 0.0, "g.1": 1.0, "g.2": 1.0, "g.3": 1.0}
    assert any("on_reject: break" in warning for warning in parsed.warnings)
    assert any("samples score nothing" in warning for warning in parsed.warnings)


def test_legacy_avg_divides_and_max_is_scored_as_min() -> None:
    files = _legacy_scoring(
        {
            "data/secret": "grader_flags: avg\non_reject: continue\naccept_score: 10\n",
            "data/secret/m": "grader_flags: max\n",
        },
        {"a": 2, "m": 2},
    )

    parsed = parse(files)

    # secret averages its two directories; `a` inherits avg (two tests of 10 average to 10), so each of
    # its tests is worth 10 / 2 / 2; `m` (max of 10 and 10) is worth 10 / 2
    assert _points(files) == {"sample": 0.0, "a.1": 2.5, "a.2": 2.5, "m": 5.0}
    assert any("max is scored here as min" in warning for warning in parsed.warnings)


def test_more_groups_than_allowed_become_one_all_or_nothing_group() -> None:
    files = _scoring({}, {"": 120})

    parsed = parse(files)

    assert _points(files) == {"sample": 0.0, "secret": 100.0}
    assert any("more than this judge's" in warning for warning in parsed.warnings)


def test_validator_flags_come_from_the_problem_and_the_groups() -> None:
    files = minimal({"problem.yaml": "name: X\nvalidator_flags: float_absolute_tolerance 1e-6\n"})
    files["data/secret/testdata.yaml"] = "output_validator_flags: case_sensitive\n"
    files["data/sample/testdata.yaml"] = "output_validator_flags: case_sensitive\n"

    checker = parse(files).checker

    assert checker == TokensChecker(case_sensitive=True, absolute_tolerance=1e-6)


def test_flags_that_differ_between_groups_keep_those_of_most_secret_tests() -> None:
    files = passfail(
        {
            "data/secret/test_group.yaml": "output_validator_args: [float_tolerance, '0.01']\n",
            "data/sample/test_group.yaml": "output_validator_args: [case_sensitive]\n",
        }
    )

    parsed = parse(files)

    assert parsed.checker == TokensChecker(absolute_tolerance=0.01, relative_tolerance=0.01)
    assert any("flags differ" in warning for warning in parsed.warnings)


def test_a_test_case_yaml_overrides_the_validator_args() -> None:
    files = passfail(
        {
            "data/secret/test_group.yaml": "output_validator_args: [case_sensitive]\n",
            "data/sample/test_group.yaml": "output_validator_args: [case_sensitive]\n",
            "data/secret/02.yaml": "output_validator_args: [space_change_sensitive]\nhint: think\n",
        }
    )

    parsed = parse(files)

    assert parsed.checker == TokensChecker(case_sensitive=True)
    assert any("space_change_sensitive" in warning for warning in parsed.warnings)
