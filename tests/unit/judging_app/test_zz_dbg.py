import asyncio, time, logging
from pathlib import Path
from tests.unit.judging_app.test_judge_submission import world, RIGHT, WRONG
from tests.unit.judging_app.fakes import FakeSandbox

async def test_dbg(tmp_path: Path) -> None:
    w = await world(tmp_path, sandbox=FakeSandbox(runs=[RIGHT, WRONG, RIGHT]))
    t = time.monotonic()
    out = await w.judge(__import__("application.judging.usecases.judge_submission", fromlist=["x"]).JudgeSubmissionInput(submission_id=w.submission.id))
    print("took", time.monotonic() - t, out, w.journal)
