import asyncio
import json

import pytest

from application.judging.sandbox import RunLimits, RunOutcome
from domain.languages.entities import Language
from infrastructure.sandbox import IsolatedSandbox
from tests.integration.sandbox.helpers import run_source

pytestmark = pytest.mark.usefixtures("clean_host")

VICTIM = """
import os, sys, time
secret = "TOP-SECRET-" + str(os.getpid() * 7919)
for path in ["answer.txt", "/tmp/answer.txt", "/dev/shm/answer.txt"]:
    with open(path, "w") as f:
        f.write(secret)
print(sorted(os.sched_getaffinity(0)), flush=True)
time.sleep(1.5)
print(open("answer.txt").read() == secret)
"""

THIEF = """
import json, os, signal, time
time.sleep(0.3)
found = []
for root in ["/box", "/tmp", "/dev/shm", "/proc"]:
    for base, dirs, files in os.walk(root):
        if base.startswith("/proc/") and base.count("/") > 2:
            dirs[:] = []
        for name in files:
            path = os.path.join(base, name)
            if base.startswith("/proc"):
                continue
            try:
                if "-".join(["TOP", "SECRET", ""]) in open(path, errors="replace").read(1 << 16):
                    found.append(path)
            except OSError:
                pass
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        names = os.listdir(f"/proc/{pid}/root/box")
        found += [f"/proc/{pid}/root/box/answer.txt"] if "answer.txt" in names else []
    except OSError:
        pass
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
print(json.dumps({"found": found, "cpus": sorted(os.sched_getaffinity(0))}))
"""


async def test_a_run_cannot_see_or_touch_a_concurrent_run(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    limits = RunLimits(cpu_ms=3000, wall_ms=5000)
    victim, thief = await asyncio.gather(
        run_source(sandbox, languages["python3"], VICTIM, limits=limits),
        run_source(sandbox, languages["python3"], THIEF, limits=limits),
    )
    assert victim.result.report.outcome is RunOutcome.OK, victim.result.stderr
    assert thief.result.report.outcome is RunOutcome.OK, thief.result.stderr
    victim_cpus, victim_done = victim.stdout.decode().splitlines()
    stolen = json.loads(thief.stdout)
    assert stolen["found"] == []
    assert victim_done == "True"
    if sandbox.cores is not None:
        assert len(stolen["cpus"]) == 1
        assert json.loads(victim_cpus) != stolen["cpus"], "each slot has its own core"


async def test_many_concurrent_runs_get_their_own_input_and_output(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = "import sys\nn = int(sys.stdin.read())\nprint(n * n)\n"
    runs = await asyncio.gather(
        *(run_source(sandbox, languages["python3"], source, stdin=f"{n}\n".encode()) for n in range(12))
    )
    assert [run.stdout for run in runs] == [f"{n * n}\n".encode() for n in range(12)]
    assert all(run.result.report.outcome is RunOutcome.OK for run in runs)


async def test_a_cancelled_run_is_killed_and_its_slot_serves_the_next_runs_correctly(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    spinning = "while True: pass\n"
    busy = [
        asyncio.ensure_future(
            run_source(sandbox, languages["python3"], spinning, limits=RunLimits(cpu_ms=20_000))
        )
        for _ in range(sandbox.slot_count)
    ]
    await asyncio.sleep(1.0)  # every slot is now running a spinner
    for task in busy:
        task.cancel()
    for task in busy:
        with pytest.raises(asyncio.CancelledError):
            await task
    results = await asyncio.gather(
        *(run_source(sandbox, languages["python3"], "print(6 * 7)\n") for _ in range(3 * sandbox.slot_count))
    )
    assert [(r.result.report.outcome, r.stdout) for r in results] == [(RunOutcome.OK, b"42\n")] * len(results)


async def test_a_run_cancelled_twice_still_resets_its_slot_before_the_next_run_takes_it(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    """The judge's test scheduler may cancel a test again while its first cancellation is still killing
    the slot's zygote; the slot must not be handed to the next run half-closed (that run then failed with
    'the sandbox zygote is gone: Bad file descriptor', seen as an internal error in CI)."""
    spinning = "while True: pass\n"
    busy = [
        asyncio.ensure_future(
            run_source(sandbox, languages["python3"], spinning, limits=RunLimits(cpu_ms=20_000))
        )
        for _ in range(sandbox.slot_count)
    ]
    await asyncio.sleep(1.0)
    for task in busy:
        task.cancel()
    await asyncio.sleep(0)  # the first cancellation has begun closing the zygotes
    for task in busy:
        task.cancel()
    for task in busy:
        with pytest.raises(asyncio.CancelledError):
            await task
    results = await asyncio.gather(
        *(run_source(sandbox, languages["python3"], "print(6 * 7)\n") for _ in range(3 * sandbox.slot_count))
    )
    assert [(r.result.report.outcome, r.stdout) for r in results] == [(RunOutcome.OK, b"42\n")] * len(results)


async def test_a_zygote_being_closed_is_dead_at_once_and_its_slot_restarts(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    pool = sandbox._pool  # the slot pool itself: the window is between a close's start and its end
    slot = await pool.acquire()
    closing = asyncio.ensure_future(slot.zygote.close())
    await asyncio.sleep(0)  # the close has begun (socket closed, kill sent) but not reaped yet
    assert not slot.zygote.alive
    closing.cancel()  # a second cancellation while closing: the close still completes
    with pytest.raises(asyncio.CancelledError):
        await closing
    assert slot.zygote._process.poll() is not None, "the zygote is reaped before the close returns"
    pool.release(slot)
    run = await run_source(sandbox, languages["python3"], "print(6 * 7)\n")
    assert (run.result.report.outcome, run.stdout) == (RunOutcome.OK, b"42\n")
