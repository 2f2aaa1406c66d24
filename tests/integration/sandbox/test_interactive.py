"""Interactive runs in the real sandbox: a Kattis-style number-guessing interactor against honest and hostile
solutions. Each asserts both sides' outcomes and, through `clean_host`, that nothing of either run
survives."""

import asyncio
import tempfile
from pathlib import Path

import pytest

from application.judging.sandbox import (
    ExecuteRequest,
    InteractiveRequest,
    InteractiveResult,
    RunLimits,
    RunOutcome,
    TimeLimitKind,
)
from domain.languages.entities import Language
from infrastructure.sandbox import IsolatedSandbox
from tests.integration.sandbox.helpers import compile_source

pytestmark = pytest.mark.usefixtures("clean_host")

SOLUTION = RunLimits(cpu_ms=1000, wall_ms=3000, memory_kib=64 * 1024)
INTERACTOR = RunLimits(cpu_ms=5000, wall_ms=10000, memory_kib=128 * 1024)

GUESS_INTERACTOR = """
import sys
secret = int(open(sys.argv[1]).read())
for query in range(30):
    line = sys.stdin.readline()
    if not line:
        open(sys.argv[3] + "judgemessage.txt", "w").write("no answer")
        sys.exit(43)
    try:
        guess = int(line)
    except ValueError:
        open(sys.argv[3] + "judgemessage.txt", "w").write("garbage")
        sys.exit(43)
    if guess == secret:
        print("correct", flush=True)
        sys.exit(42)
    print("lower" if guess > secret else "higher", flush=True)
open(sys.argv[3] + "judgemessage.txt", "w").write("too many queries")
sys.exit(43)
"""

BINARY_SEARCH = """
low, high = 1, 10**9
while True:
    middle = (low + high) // 2
    print(middle, flush=True)
    reply = input()
    if reply == "correct":
        break
    if reply == "lower":
        high = middle - 1
    else:
        low = middle + 1
"""


async def interact(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    solution: str,
    *,
    interactor: str = GUESS_INTERACTOR,
    secret: bytes = b"123456789\n",
    answer: bytes = b"123456789\n",
) -> InteractiveResult:
    python = languages["python3"]
    compiled_solution = await compile_source(sandbox, python, solution)
    compiled_interactor = await compile_source(sandbox, python, interactor)
    assert compiled_solution.artifact is not None, compiled_solution.output
    assert compiled_interactor.artifact is not None, compiled_interactor.output
    with tempfile.TemporaryDirectory() as work:
        input_path, answer_path = Path(work, "in"), Path(work, "ans")
        await asyncio.to_thread(input_path.write_bytes, secret)
        await asyncio.to_thread(answer_path.write_bytes, answer)
        return await sandbox.execute_interactive(
            InteractiveRequest(
                solution=ExecuteRequest(
                    artifact=compiled_solution.artifact, stdin_path=None, stdout_path=None, limits=SOLUTION
                ),
                interactor=ExecuteRequest(
                    artifact=compiled_interactor.artifact,
                    stdin_path=None,
                    stdout_path=None,
                    limits=INTERACTOR,
                    args=["input.txt", "answer.txt", "feedback/"],
                    files={"input.txt": str(input_path), "answer.txt": str(answer_path)},
                    dirs=["feedback"],
                    collect=["feedback/judgemessage.txt"],
                ),
                transcript_bytes=64,
            )
        )


async def test_binary_search_is_accepted_and_the_transcript_keeps_both_directions(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    result = await interact(sandbox, languages, BINARY_SEARCH)
    assert result.solution.report.outcome is RunOutcome.OK
    assert result.interactor.report.exit_code == 42
    assert result.to_interactor.startswith(b"500000000\n")
    assert result.to_solution.startswith(b"lower\n")
    assert len(result.to_interactor) == 64


async def test_too_many_queries_ends_with_the_interactor_exiting_first(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    result = await interact(sandbox, languages, "while True:\n    print(1, flush=True)\n    input()\n")
    assert result.interactor.report.exit_code == 43
    assert result.interactor.collected["feedback/judgemessage.txt"] == b"too many queries"
    assert result.interactor_first


async def test_a_solution_that_never_reads_nor_writes_is_a_wall_limit_not_a_hung_worker(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    result = await interact(sandbox, languages, "import sys\nsys.stdin.read()\n")
    assert result.solution.report.outcome is RunOutcome.TIME_LIMIT
    assert result.solution.report.time_limit_kind is TimeLimitKind.WALL
    assert result.interactor.report.exit_code == 43  # it read EOF once the solution was gone
    assert not result.interactor_first


async def test_a_flooding_solution_hits_its_output_cap_while_the_interactor_stops_reading(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    flood = "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"
    stuck = "import time\ntime.sleep(60)\n"
    result = await interact(sandbox, languages, flood, interactor=stuck)
    # The worker keeps draining the flood, so the cap (not a blocked pipe) ends it; the interactor then
    # hits its own wall limit.
    assert result.solution.report.outcome in (RunOutcome.OUTPUT_LIMIT, RunOutcome.TIME_LIMIT)
    assert result.interactor.report.outcome is RunOutcome.TIME_LIMIT


async def test_a_solution_writing_after_the_interactor_left_does_not_die_of_a_broken_pipe(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    chatty = (
        "import sys\nprint(1, flush=True)\nsys.stdin.read()\n"  # EOF: the interactor has gone
        "for _ in range(2000):\n    sys.stdout.write('1\\n' * 1000)\n    sys.stdout.flush()\n"
    )
    quits = "import sys\nsys.stdin.readline()\nsys.exit(43)\n"
    result = await interact(sandbox, languages, chatty, interactor=quits)
    assert result.interactor_first
    assert result.solution.report.outcome is RunOutcome.OK


async def test_a_solution_killing_its_peer_cannot_reach_the_interactor(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    killer = (
        "import os, signal\nmine = {1, os.getpid(), os.getppid()}\n"
        "for pid in set(range(1, 4000)) - mine:\n"
        "    try: os.kill(pid, signal.SIGKILL)\n    except OSError: pass\n"
        "print(123456789, flush=True)\nprint(input())\n"
    )
    result = await interact(sandbox, languages, killer)
    assert result.interactor.report.exit_code == 42


async def test_the_solution_cannot_read_the_interactors_answer_file(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    snoop = (
        "import glob, os\n"
        "places = ['answer.txt', 'input.txt', '../*/answer.txt',\n"
        "          '/proc/*/root/answer.txt', '/proc/*/cwd/answer.txt']\n"
        "found = [path for place in places for path in glob.glob(place)]\n"
        "readable = [path for path in found if os.access(path, os.R_OK)]\n"
        "print(open(readable[0]).read().strip() if readable else 1, flush=True)\n"
    )
    result = await interact(sandbox, languages, snoop)
    assert result.solution.report.outcome is RunOutcome.OK, result.solution
    assert result.to_interactor == b"1\n"
    assert result.interactor.report.exit_code == 43


async def test_a_crashing_interactor_is_reported_as_its_own_runtime_error(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    result = await interact(sandbox, languages, BINARY_SEARCH, interactor="raise SystemExit(3)\n")
    assert result.interactor.report.outcome is RunOutcome.RUNTIME_ERROR
    assert result.interactor_first
