"""Program outputs with the real sandbox and the real output store: an output flood over many tests stays
within the store's bound while it is judged, the per-submission cap decides the verdict, and a full store
ends only that submission (as an internal error)."""

import contextlib
import os
import subprocess
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from application.judging.policy import JudgingPolicy
from application.judging.ports import Toolchains, WorkerIdentity
from application.judging.usecases.judge_submission import JudgeSubmission
from domain.judging.enums import ProblemType, Verdict
from domain.languages.entities import Language
from domain.problems.entities import Limits, TestData
from domain.submissions.entities import SourceFile
from infrastructure.judging.files import BoundedOutputStore, FileOutputChecker
from infrastructure.sandbox import IsolatedSandbox
from tests.unit.application.judging.fakes import (
    FakeTestFiles,
    JournalTransactions,
    make_submission,
    make_test,
)
from tests.unit.application.problems.fakes import FakeProblems, FakeTests, make_problem
from tests.unit.application.submissions.fakes import FakeSubmissionStore
from tests.unit.fakes import FakeClock

SLOTS = 2  # the sandbox fixture's
MIB = 1024 * 1024
TESTS = 30
FLOOD = 2 * MIB  # trailing spaces each test prints after its answer: the tokens checker accepts them
OUTPUT_CAP = 4 * MIB  # the problem's output limit per test
FLOODING = f"import sys\nsys.stdout.write(str(int(input()) * 2) + ' ' * {FLOOD} + '\\n')\n"
SMALL_FLOOD = "import sys\nsys.stdout.write(str(int(input()) * 2) + ' ' * 200000 + '\\n')\n"
RIGHT = "print(int(input()) * 2)\n"


class _Toolchains(Toolchains):
    def __init__(self, languages: dict[str, Language]) -> None:
        self._languages = languages

    def get(self, language_id: str) -> Language | None:
        return self._languages.get(language_id)


@dataclass(slots=True)
class _Judging:
    verdict: Verdict | None
    executed: int
    compile_output: str


async def _judge(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    outputs: BoundedOutputStore,
    tmp_path: Path,
    source: str,
    *,
    tests: int = TESTS,
    submission_output_bytes: int = 1024 * MIB,
) -> _Judging:
    problem = make_problem(type=ProblemType.SCORING)
    problem.limits = Limits(time_ms=5000, memory_mb=256, output_kb=OUTPUT_CAP // 1024)
    reader = FakeTests()
    names = [str(index) for index in range(1, tests + 1)]
    for name in names:
        await reader.add(make_test(problem.id, name), TestData(input=b"2\n", answer=b"4\n"))
    journal: list[str] = []
    store = FakeSubmissionStore(journal)
    submission = make_submission(problem.id)
    submission.files = [SourceFile(name="main.py", content=source.encode())]
    store.put(submission)
    judge = JudgeSubmission(
        store=store,
        submissions=store,
        problems=FakeProblems(problem),
        tests=reader,
        test_files=FakeTestFiles(
            tmp_path / f"tests-{uuid.uuid4().hex}", dict.fromkeys(names, (b"2\n", b"4\n"))
        ),
        outputs=outputs,
        sandbox=sandbox,
        output_checker=FileOutputChecker(),
        toolchains=_Toolchains(languages),
        identity=WorkerIdentity(uuid.uuid4()),
        clock=FakeClock(),
        tx=JournalTransactions(journal),
        policy=JudgingPolicy(
            slots=SLOTS, flush_interval_seconds=0.0, submission_output_bytes=submission_output_bytes
        ),
    )
    output = await judge()
    row = store.rows[submission.id]
    return _Judging(
        verdict=output.verdict,
        executed=len(store.tests_of(submission.id, attempt=1)),
        compile_output=row.compile_output or "",
    )


class _Sampler:
    """Sums the sizes of the files in a directory every millisecond, in a thread, keeping the peak."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.001):
            total = 0
            with contextlib.suppress(OSError):
                for entry in os.scandir(self.directory):
                    with contextlib.suppress(OSError):
                        total += entry.stat().st_size
            self.peak = max(self.peak, total)
            self.samples += 1

    def __enter__(self) -> "_Sampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture
def python(languages: dict[str, Language]) -> dict[str, Language]:
    if "python3" not in languages:
        pytest.skip("python3 is not installed")
    return languages


async def test_an_output_flood_over_many_tests_holds_at_most_the_outputs_in_flight(
    sandbox: IsolatedSandbox, python: dict[str, Language], tmp_path: Path
) -> None:
    outputs = BoundedOutputStore(tmp_path / "outputs", capacity=SLOTS * OUTPUT_CAP)
    with _Sampler(outputs.directory) as sampler:
        judged = await _judge(sandbox, python, outputs, tmp_path, FLOODING)

    assert judged.verdict is Verdict.ACCEPTED, judged.compile_output
    assert judged.executed == TESTS
    # Stated bound: the outputs of the SLOTS tests in flight, each at most its cap (8 MiB), where keeping
    # every output until the end would peak at TESTS x FLOOD (60 MiB).
    assert FLOOD <= sampler.peak <= SLOTS * OUTPUT_CAP, (sampler.peak, sampler.samples)
    assert list(outputs.directory.iterdir()) == []
    outputs.close()


async def test_the_per_submission_output_cap_ends_the_flood_as_output_limit_exceeded(
    sandbox: IsolatedSandbox, python: dict[str, Language], tmp_path: Path
) -> None:
    outputs = BoundedOutputStore(tmp_path / "outputs", capacity=SLOTS * OUTPUT_CAP)
    cap = 5 * FLOOD  # crossed by the sixth test

    judged = await _judge(sandbox, python, outputs, tmp_path, FLOODING, submission_output_bytes=cap)

    assert judged.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED
    outputs.close()


@contextlib.contextmanager
def _small_tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


async def test_a_full_output_store_ends_that_submission_as_internal_error_and_the_next_is_judged(
    sandbox: IsolatedSandbox, python: dict[str, Language], tmp_path: Path
) -> None:
    with _small_tmpfs(tmp_path / "shm", "1m") as shm:
        outputs = BoundedOutputStore(shm, capacity=SLOTS * OUTPUT_CAP)
        filler = shm / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"x" * 65536)
                handle.flush()

        full = await _judge(sandbox, python, outputs, tmp_path, SMALL_FLOOD, tests=3)
        filler.unlink()
        next_one = await _judge(sandbox, python, outputs, tmp_path, RIGHT, tests=3)
        outputs.close()

    assert full.verdict is Verdict.INTERNAL_ERROR
    assert "No space left on device" in full.compile_output
    assert next_one.verdict is Verdict.ACCEPTED, next_one.compile_output
