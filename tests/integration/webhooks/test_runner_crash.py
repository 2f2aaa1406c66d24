"""A runner SIGKILLed in the middle of a try: the delivery is made again after a restart."""

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from infrastructure.config import Settings
from tests.integration.webhooks.conftest import HooksFactory, judged
from tests.integration.webhooks.receiver import receiver
from tests.processes import ROOT, service_env


def _start_runner(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = service_env(
        database_url=str(settings.database_url),
        data_dir=str(settings.data_dir),
        webhook_allow_private="true",
        webhook_timeout_seconds="1",
        webhook_retry_schedule="0.2,0.2",
    )
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.integration.webhooks.runner_process"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )


async def test_a_runner_killed_mid_delivery_delivers_after_restart(
    hooks: HooksFactory, settings: Settings, tmp_path: Path
) -> None:
    # The first try hangs in the receiver (the runner is killed then); the second is answered 200.
    async with hooks(run=False) as h, receiver(answers=[(200, {}, 30.0)]) as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        target.secrets = [hook["secret"]]
        event = judged(account)
        log = tmp_path / "runner.log"
        first = _start_runner(settings, log)
        try:
            await h.sink.handle(event)
            await target.wait_for(1, seconds=120)  # a process start is slow on a loaded machine
            first.kill()  # SIGKILL mid-try: nothing recorded, the claim's lease runs out
            await asyncio.to_thread(first.wait, 10)
        finally:
            if first.poll() is None:
                first.kill()
        row = (await h.deliveries(headers, hook["id"]))[0]
        assert (row["state"], row["lastStatus"], row["attempts"]) == ("pending", None, 1)
        second = _start_runner(settings, log)
        try:
            items = await target.wait_for(2, seconds=120)
            row = await h.wait_delivery(headers, hook["id"], "delivered")
        except TimeoutError:
            pytest.fail(f"not delivered after the restart; runner log:\n{log.read_text()[-3000:]}")
        finally:
            second.terminate()
            await asyncio.to_thread(second.wait, 15)
        assert [item.webhook_id for item in items] == [str(event.id)] * 2
        assert items[1].verified is not None
        assert row["attempts"] == 2
