"""Test data: `data/sample/` and `data/secret/` (required, with at least one test), every `NAME.in`
with its `NAME.ans` (a lone `.in` is refused), in the package's order: samples, then secret, by path.
Tests run here in natural order of their names, which is the same unless numbers are not zero-padded
(a warning says so). Other files next to the tests (`.desc`, `.hint`, illustrations, `.out`,
`.in.statement`, test `.yaml`…) and `data/invalid_*`, `data/valid_output` are kept as jury files.

Groups (scoring problems; a pass-fail problem has none, every test is in `default`). Samples are the
group `sample`, worth nothing (the format: samples do not count).
2025-09 (`test_group.yaml`, also read as `testdata.yaml` in 2023-07): `secret` sums its groups (its
`score_aggregation`, default `sum`); a test group (a directory of `secret` with a `test_group.yaml`)
with `pass-fail` or `min` aggregation is one group worth its `max_score` (a group here earns its
points times the smallest fraction any of its tests got, which is what `min` does); `sum` aggregation
makes each test its own group worth `max_score / N` (group `<dir>.<test>`). Without test groups
`secret` itself is scored the same way (a `secret` worth 100 with `min` needs no group: every test is
then in `default`). Not mappable, with a warning: `secret` with `min`/`pass-fail` over groups (scored
all-or-nothing as one group), `require_pass`, static validation. `unbounded` scores are refused.
Legacy (`testdata.yaml` inherited down the tree: `accept_score` 1, `reject_score` 0, `grader_flags`
`sum`/`avg`/`min`/`max`): a `min` directory is one group worth its maximum score; a `sum` (or `avg`)
directory makes each of its tests a group worth `accept_score` (divided by the count for `avg`) and
maps its subdirectories the same way. Warnings for what differs: `max` (scored as `min`),
`on_reject: break` under `sum` (here every test runs), a nonzero `reject_score`, custom graders.

Output validator flags: legacy `validator_flags` plus the directory's `output_validator_flags`;
2025-09 `output_validator_args` (test group, then the test's own `.yaml`). The checker has one set of
flags: when tests differ, those of most secret tests are used and a warning names the others.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from application.packages.format.layout import PackageIndex
from application.packages.format.metadata import LEGACY, Metadata
from application.packages.format.model import PackageTest
from application.packages.format.names import name_of_group, name_of_test
from application.packages.format.values import invalid, mapping, number, text, words
from application.packages.format.yaml_text import load_yaml
from domain.judging.enums import ProblemType
from domain.packages.exceptions import UnsupportedPackageError
from domain.problems.entities import DEFAULT_GROUP, MAX_GROUPS, Group, natural_key

SAMPLE, SECRET = "data/sample", "data/secret"
CONFIG_NAMES = ("test_group.yaml", "testdata.yaml")
_INHERITED = {
    "output_validator_flags",
    "output_validator_args",
    "input_validator_flags",
    "input_validator_args",
    "args",
    "full_feedback",
    "accept_score",
    "reject_score",
    "grader_flags",
    "range",
    "on_reject",
    "grading",
    "input_visualizer_args",
    "output_visualizer_args",
    "static_validator_args",
}
_OWN = {"max_score", "score_aggregation", "require_pass", "static_validation_score", "scoring"}
_LEGACY_SCORING = {"accept_score", "reject_score", "grader_flags", "range", "grading"}
_TEST_KEYS = {
    "args",
    "input_validator_args",
    "output_validator_args",
    "input_visualizer_args",
    "output_visualizer_args",
    "full_feedback",
    "hint",
    "description",
}
SAMPLE_GROUP = "sample"


@dataclass(slots=True, kw_only=True)
class TestData:
    __test__ = False

    tests: list[PackageTest]
    groups: list[Group]
    flags: list[str]
    flags_file: str
    used: set[str] = field(default_factory=set)  # package paths read as tests or configuration


def config_paths(index: PackageIndex) -> list[str]:
    """Every configuration file under data/ (the parser reads them)."""
    return [
        path
        for path in index.under("data")
        if path.rsplit("/", 1)[-1] in CONFIG_NAMES
        or (path.endswith(".yaml") and index.has(path[: -len(".yaml")] + ".in"))
    ]


def _directory(path: str) -> str:
    return path.rsplit("/", 1)[0]


@dataclass(slots=True)
class _Configs:
    index: PackageIndex
    texts: Mapping[str, bytes]
    warnings: list[str]
    cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    def own(self, directory: str) -> tuple[str | None, dict[str, Any]]:
        """(the file, its settings) of one directory's configuration."""
        found = [f"{directory}/{name}" for name in CONFIG_NAMES if self.index.has(f"{directory}/{name}")]
        if not found:
            return None, {}
        if len(found) > 1:
            self.warnings.append(
                f"{directory}/: both test_group.yaml and testdata.yaml; testdata.yaml ignored"
            )
        path = found[0]
        if path not in self.cache:
            settings = _drafted(mapping(load_yaml(self.texts[path], path), path), path)
            unknown = sorted(set(settings) - _INHERITED - _OWN)
            if unknown:
                self.warnings.append(f"{path}: unknown keys ignored: {', '.join(unknown)}")
            self.cache[path] = settings
        return path, self.cache[path]

    def inherited(self, directory: str) -> dict[str, Any]:
        """Settings of `directory` and its ancestors up to data/ (the nearest wins)."""
        merged: dict[str, Any] = {}
        parts = directory.split("/")
        for depth in range(1, len(parts) + 1):
            _, settings = self.own("/".join(parts[:depth]))
            merged.update({key: value for key, value in settings.items() if key in _INHERITED})
        return merged

    def is_group(self, directory: str) -> bool:
        return any(self.index.has(f"{directory}/{name}") for name in CONFIG_NAMES)


def _drafted(settings: dict[str, Any], file: str) -> dict[str, Any]:
    """2023-07 drafts wrote scoring as `scoring:` (or `grading:`) `{score, max_score, aggregation}`."""
    for key in ("scoring", "grading"):
        block = settings.get(key)
        if isinstance(block, dict):
            settings = {name: value for name, value in settings.items() if name != key}
            lifted = mapping(block, file, key)
            if "score" in lifted or "max_score" in lifted:
                settings["max_score"] = lifted.get("max_score", lifted.get("score"))
            if "aggregation" in lifted:
                settings["score_aggregation"] = lifted["aggregation"]
    return settings


def _collect_tests(index: PackageIndex) -> list[tuple[str, bool]]:
    """(stem path, sample) of every test, in package order."""
    found: list[tuple[str, bool]] = []
    for directory, sample in ((SAMPLE, True), (SECRET, False)):
        for path in index.under(directory):
            if path.endswith(".in"):
                stem = path[: -len(".in")]
                if not index.has(stem + ".ans"):
                    raise invalid(path, "ans", f"test {stem} has no {stem.rsplit('/', 1)[-1]}.ans")
                found.append((stem, sample))
    if not any(not sample for _, sample in found):
        raise invalid(SECRET, None, "the package has no secret tests (data/secret/NAME.in with NAME.ans)")
    return found


def _flags(meta: Metadata, configs: _Configs, stem: str) -> tuple[str, ...]:
    settings = configs.inherited(_directory(stem))
    file = f"{_directory(stem)}/"
    if meta.version == LEGACY or "output_validator_flags" in settings:
        legacy = settings.get("output_validator_flags")
        if isinstance(legacy, dict):
            legacy = legacy.get("flags")
        return (*meta.validator_flags, *words(legacy, file, "output_validator_flags"))
    flags = words(settings.get("output_validator_args"), file, "output_validator_args")
    own = stem + ".yaml"
    if configs.index.has(own):
        case = mapping(load_yaml(configs.texts[own], own), own)
        unknown = sorted(set(case) - _TEST_KEYS)
        if unknown:
            configs.warnings.append(f"{own}: unknown keys ignored: {', '.join(unknown)}")
        if "output_validator_args" in case:
            flags = words(case["output_validator_args"], own, "output_validator_args")
    return (*meta.validator_flags, *flags)


def _aggregation(settings: dict[str, Any], file: str, default: str) -> str:
    value = settings.get("score_aggregation", default)
    if value not in ("pass-fail", "sum", "min"):
        raise invalid(file, "score_aggregation", f"must be pass-fail, sum or min, not {value!r}")
    return str(value)


def _max_score(settings: dict[str, Any], file: str, default: float | None) -> float | None:
    value = settings.get("max_score", default)
    if value == "unbounded":
        raise UnsupportedPackageError(
            f"{file} max_score: unbounded scores are not supported (a problem here has a maximum)",
            details={"file": file, "field": "max_score"},
        )
    return None if value is None else number(value, file, "max_score", positive=False)


@dataclass(slots=True)
class _Plan:
    groups: list[Group] = field(default_factory=list)
    placement: dict[str, str] = field(default_factory=dict)  # test stem -> group

    def add(self, name: str, points: float, stems: list[str]) -> None:
        self.groups.append(Group(name=name, points=points))
        for stem in stems:
            self.placement[stem] = name


def _per_test(plan: _Plan, stems: list[str], points_each: float) -> None:
    for stem in stems:
        plan.add(name_of_group(stem[len(SECRET) + 1 :]), points_each, [stem])


def _plan_2025(secret: list[str], configs: _Configs, warnings: list[str]) -> _Plan:
    plan = _Plan()
    secret_file, secret_settings = configs.own(SECRET)
    where = secret_file or f"{SECRET}/test_group.yaml"
    secret_max = _max_score(secret_settings, where, 100.0)
    assert secret_max is not None
    top_aggregation = _aggregation(secret_settings, where, "sum")
    if secret_settings.get("require_pass"):
        warnings.append(f"{where} require_pass: not supported, ignored")
    _, subdirs = configs.index.listing(SECRET)
    group_dirs = [f"{SECRET}/{name}" for name in subdirs if configs.is_group(f"{SECRET}/{name}")]
    if not group_dirs:
        if top_aggregation == "sum":
            _per_test(plan, secret, secret_max / len(secret))
        elif secret_max != 100.0:
            plan.add("secret", secret_max, secret)
        return plan
    loose = [stem for stem in secret if not any(stem.startswith(d + "/") for d in group_dirs)]
    if loose:
        raise invalid(
            loose[0] + ".in",
            None,
            "data/secret holds test groups (directories with test_group.yaml), so every test must be in one",
        )
    if top_aggregation != "sum":
        warnings.append(
            f"{where} score_aggregation: {top_aggregation} over test groups is scored here as one "
            f"all-or-nothing group worth {secret_max:g}"
        )
        plan.add("secret", secret_max, secret)
        return plan
    for directory in group_dirs:
        file, settings = configs.own(directory)
        assert file is not None
        points = _max_score(settings, file, None)
        if points is None:
            raise invalid(file, "max_score", "a test group needs max_score when data/secret has one")
        for key in ("require_pass", "static_validation_score"):
            if settings.get(key) not in (None, [], ""):
                warnings.append(f"{file} {key}: not supported, ignored")
        stems = [stem for stem in secret if stem.startswith(directory + "/")]
        if not stems:
            warnings.append(f"{directory}/: a test group without tests, skipped")
            continue
        if _aggregation(settings, file, "pass-fail") == "sum":
            _per_test(plan, stems, points / len(stems))
        else:
            plan.add(name_of_group(directory[len(SECRET) + 1 :]), points, stems)
    return plan


@dataclass(slots=True)
class _Legacy:
    configs: _Configs
    secret: list[str]
    warnings: set[str] = field(default_factory=set)

    def settings(self, directory: str) -> tuple[str, float, float, str]:
        """(mode, accept_score, reject_score, on_reject) of a directory."""
        settings = self.configs.inherited(directory)
        file = f"{directory}/testdata.yaml"
        mode = "sum"
        for flag in words(settings.get("grader_flags"), file, "grader_flags"):
            if flag in ("sum", "avg", "min", "max"):
                mode = flag
        if settings.get("grading") == "custom":
            self.warnings.add(f"{file} grading: custom graders are not supported; the default grader is used")
        accept = number(settings.get("accept_score", 1), file, "accept_score", positive=False)
        reject = number(settings.get("reject_score", 0), file, "reject_score", positive=False)
        on_reject = text(settings.get("on_reject", "break"), file, "on_reject")
        return mode, accept, reject, on_reject

    def items(self, directory: str) -> list[tuple[str, bool]]:
        """(path, is_test) of a directory's tests and subdirectories holding tests, by base name."""
        tests = [stem for stem in self.secret if _directory(stem) == directory]
        subdirs = sorted(
            {
                stem[len(directory) + 1 :].split("/", 1)[0]
                for stem in self.secret
                if stem.startswith(directory + "/") and "/" in stem[len(directory) + 1 :]
            }
        )
        entries = [(stem, True) for stem in tests] + [(f"{directory}/{name}", False) for name in subdirs]
        return sorted(entries, key=lambda entry: entry[0].rsplit("/", 1)[-1])

    def maximum(self, directory: str) -> float:
        mode, accept, _, _ = self.settings(directory)
        values = [accept if is_test else self.maximum(path) for path, is_test in self.items(directory)]
        if not values:
            return 0.0
        if mode == "sum":
            return sum(values)
        if mode == "avg":
            return sum(values) / len(values)
        return min(values) if mode == "min" else max(values)

    def plan(self, directory: str, scale: float, plan: _Plan) -> None:
        mode, accept, reject, on_reject = self.settings(directory)
        items = self.items(directory)
        if reject:
            self.warnings.add(f"{directory}/testdata.yaml reject_score: {reject:g} is not given here (0)")
        if mode in ("min", "max"):
            if mode == "max":
                self.warnings.add(f"{directory}/testdata.yaml grader_flags: max is scored here as min")
            stems = [stem for stem in self.secret if stem.startswith(directory + "/")]
            name = "secret" if directory == SECRET else name_of_group(directory[len(SECRET) + 1 :])
            plan.add(name, self.maximum(directory) * scale, stems)
            return
        factor = scale / len(items) if mode == "avg" and items else scale
        if on_reject == "break" and len(items) > 1:
            self.warnings.add(
                f"{directory}/ on_reject: break with {mode} scoring: here every test runs and earns "
                "its points"
            )
        for path, is_test in items:
            if is_test:
                plan.add(name_of_group(path[len(SECRET) + 1 :]), accept * factor, [path])
            else:
                self.plan(path, factor, plan)


def _plan_legacy(secret: list[str], configs: _Configs, warnings: list[str]) -> _Plan:
    legacy = _Legacy(configs=configs, secret=secret)
    plan = _Plan()
    legacy.plan(SECRET, 1.0, plan)
    warnings.extend(sorted(legacy.warnings))
    _, accept, _, _ = legacy.settings(SAMPLE)
    root = words(configs.inherited("data").get("grader_flags"), "data/testdata.yaml", "grader_flags")
    if accept and "ignore_sample" not in root:
        warnings.append("data/sample: samples score nothing here (the package gives them accept_score)")
    return plan


def _check_order(tests: list[PackageTest], stems: list[str], warnings: list[str]) -> None:
    ours = sorted(tests, key=lambda test: natural_key(test.name))
    if [test.name for test in ours] != [test.name for test in tests]:
        first = next(i for i, (a, b) in enumerate(zip(ours, tests, strict=True)) if a.name != b.name)
        warnings.append(
            f"tests run in natural order of their names (2 before 10), which differs from the package's "
            f"order from {stems[first]} on"
        )


def parse_testdata(
    index: PackageIndex, texts: Mapping[str, bytes], meta: Metadata, warnings: list[str]
) -> TestData:
    configs = _Configs(index=index, texts=texts, warnings=warnings)
    found = _collect_tests(index)
    secret = [stem for stem, sample in found if not sample]
    if meta.type is ProblemType.SCORING:
        uses_legacy = meta.version == LEGACY or any(
            _LEGACY_SCORING & set(configs.own(directory)[1])
            for directory in {_directory(stem) for stem in secret} | {SECRET, "data"}
        )
        plan = (_plan_legacy if uses_legacy else _plan_2025)(secret, configs, warnings)
        if len(plan.groups) >= MAX_GROUPS:
            warnings.append(
                f"data/secret: {len(plan.groups)} groups are more than this judge's {MAX_GROUPS - 1}; "
                "scored as one all-or-nothing group"
            )
            total = sum(group.points for group in plan.groups)
            plan = _Plan()
            plan.add("secret", total, secret)
        if not any(group.points > 0 for group in plan.groups) and plan.groups:
            raise invalid(SECRET, "max_score", "the package's groups give no points")
        if any(sample for _, sample in found):
            plan.groups.insert(0, Group(name=SAMPLE_GROUP, points=0.0))
            plan.placement.update({stem: SAMPLE_GROUP for stem, sample in found if sample})
    else:
        plan = _Plan()
    tests = [
        PackageTest(
            name=name_of_test(stem[len("data/") :]),
            group=plan.placement.get(stem, DEFAULT_GROUP),
            sample=sample,
            input=stem + ".in",
            answer=stem + ".ans",
        )
        for stem, sample in found
    ]
    if len({test.name for test in tests}) != len(tests):
        raise invalid("data", None, "two tests get the same name (paths differing only in '/' and '.')")
    _check_order(tests, [stem for stem, _ in found], warnings)

    flags_by_test = {stem: _flags(meta, configs, stem) for stem, _ in found}
    secret_flags = Counter(flags_by_test[stem] for stem in secret)
    chosen = secret_flags.most_common(1)[0][0]
    others = sorted({flags for flags in flags_by_test.values() if flags != chosen})
    if others:
        listed = ", ".join(" ".join(flags) or "(none)" for flags in others)
        warnings.append(
            f"output validator flags differ between test groups ({listed}); the checker uses those of "
            f"most secret tests: {' '.join(chosen) or '(none)'}"
        )
    for stem, _ in found:
        settings = configs.inherited(_directory(stem))
        if settings.get("args"):
            warnings.append(f"{_directory(stem)}/ args: command-line arguments are not passed to submissions")
            break
    if any(index.under(stem + ".files") for stem, _ in found):
        warnings.append("test .files directories are not copied next to submissions (kept as jury files)")
    used = {path for stem, _ in found for path in (stem + ".in", stem + ".ans")}
    used |= set(configs.cache)
    first_secret = secret[0]
    flags_file = "problem.yaml" if meta.version == LEGACY else f"{_directory(first_secret)}/"
    return TestData(tests=tests, groups=plan.groups, flags=list(chosen), flags_file=flags_file, used=used)
