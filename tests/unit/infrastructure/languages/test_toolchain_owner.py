"""The toolchain owner's order of events, with a hand-written sandbox: mount, self-test, then offer; stop
offering before the mounts change; never offer what failed its self-test."""

from collections.abc import Sequence
from pathlib import Path

from application.judging.policy import COMPILE_LIMITS
from application.judging.sandbox import (
    CompileRequest,
    CompileResult,
    ExecuteRequest,
    ExecuteResult,
    RunOutcome,
    RunReport,
)
from domain.languages.entities import SELF_TEST_OUTPUT, Language
from infrastructure.judging.toolchains import DetectedToolchains
from infrastructure.languages.owner import ToolchainOwner

C = Language(id="c", name="C", version="gcc 12", tools={"cc": "/opt/gcc/bin/gcc"})
PY = Language(id="python3", name="Python 3", version="3.11", tools={"python": "/usr/bin/python3"})


class FakeSandbox:
    """Compiles what it has been given the languages of; prints `output` when run. Records every event
    with what was offered at that moment."""

    isolated = True

    def __init__(self, toolchains: DetectedToolchains, output: str = SELF_TEST_OUTPUT) -> None:
        self.toolchains = toolchains
        self.output = output
        self.languages: list[Language] = []
        self.events: list[tuple[str, str, list[str]]] = []
        self.broken: set[str] = set()

    def _offered(self) -> list[str]:
        return [language.id for language in self.toolchains.all()]

    async def set_languages(self, languages: Sequence[Language]) -> None:
        self.events.append(("mount", ",".join(lang.id for lang in languages), self._offered()))
        self.languages = list(languages)

    async def compile(self, request: CompileRequest) -> CompileResult:
        self.events.append(("self-test", request.language.id, self._offered()))
        ok = request.language in self.languages and request.language.id not in self.broken
        report = RunReport(outcome=RunOutcome.OK if ok else RunOutcome.RUNTIME_ERROR)
        return CompileResult(report=report, output="" if ok else "cc: error", artifact="a" if ok else None)

    async def execute(self, request: ExecuteRequest) -> ExecuteResult:
        assert request.stdout_path is not None
        Path(request.stdout_path).write_text(self.output + "\n")  # noqa: ASYNC240 (a fake, a tiny file)
        return ExecuteResult(
            report=RunReport(outcome=RunOutcome.OK), stdout_bytes=len(self.output), stderr=b""
        )


def owner_with(found: list[list[Language]], tmp_path: Path) -> tuple[ToolchainOwner, FakeSandbox]:
    toolchains = DetectedToolchains([])
    sandbox = FakeSandbox(toolchains)

    async def detect() -> list[Language]:
        return found.pop(0)

    owner = ToolchainOwner(
        toolchains=toolchains, sandbox=sandbox, detect=detect, compile_limits=COMPILE_LIMITS, scratch=tmp_path
    )
    return owner, sandbox


async def test_a_new_toolchain_is_mounted_then_self_tested_then_offered(tmp_path: Path) -> None:
    owner, sandbox = owner_with([[PY], [PY, C]], tmp_path)

    assert await owner.refresh() is True
    assert await owner.refresh() is True

    assert [language.id for language in owner.toolchains.all()] == ["python3", "c"]
    assert sandbox.events == [
        ("mount", "python3", []),
        ("self-test", "python3", []),
        ("mount", "python3,c", ["python3"]),
        ("self-test", "c", ["python3"]),  # not offered while it is tested
    ]


async def test_nothing_changes_and_nothing_is_retested_when_detection_finds_the_same(tmp_path: Path) -> None:
    owner, sandbox = owner_with([[PY], [PY]], tmp_path)
    await owner.refresh()
    sandbox.events.clear()

    assert await owner.refresh() is False
    assert sandbox.events == []


async def test_a_toolchain_whose_self_test_fails_is_not_offered_and_is_tried_again(tmp_path: Path) -> None:
    owner, sandbox = owner_with([[PY, C], [PY, C]], tmp_path)
    sandbox.broken.add("c")

    await owner.refresh()
    assert [language.id for language in owner.toolchains.all()] == ["python3"]
    assert "did not compile: cc: error" in owner.failures["c"]

    sandbox.broken.clear()  # e.g. a half-installed toolchain that is now complete
    assert await owner.refresh() is True
    assert [language.id for language in owner.toolchains.all()] == ["python3", "c"]
    assert owner.failures == {}


async def test_a_wrong_self_test_output_is_a_failure(tmp_path: Path) -> None:
    owner, sandbox = owner_with([[PY]], tmp_path)
    sandbox.output = "hello"

    await owner.refresh()

    assert owner.toolchains.all() == []
    assert owner.failures["python3"] == f"the self-test printed 'hello', not {SELF_TEST_OUTPUT!r}"


async def test_a_toolchain_that_went_away_or_changed_stops_being_offered_before_the_mounts_change(
    tmp_path: Path,
) -> None:
    upgraded = Language(id="c", name="C", version="gcc 13", tools={"cc": "/opt/gcc-13/bin/gcc"})
    owner, sandbox = owner_with([[PY, C], [PY, upgraded], [PY]], tmp_path)
    await owner.refresh()
    sandbox.events.clear()

    await owner.refresh()
    assert sandbox.events == [("mount", "python3,c", ["python3"]), ("self-test", "c", ["python3"])]
    assert owner.toolchains.all() == [PY, upgraded]

    sandbox.events.clear()
    assert await owner.refresh() is True
    assert sandbox.events == [("mount", "python3", ["python3"])]
    assert owner.toolchains.all() == [PY]
