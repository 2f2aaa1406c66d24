import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum
from uuid import UUID

from application.clock import Clock
from application.judging.ports import OutputStore, Toolchains, WorkerIdentity
from application.judging.sandbox import BoxFile, CompileRequest, ExecuteRequest, RunLimits, Sandbox
from application.judging.sandbox import RunOutcome as KernelOutcome
from application.messaging.events import EventRecorder
from application.runs.policy import RunsPolicy
from application.runs.ports import RunArchives, RunFiles
from application.transactions import TransactionManager
from domain.languages.specs import SPECS_BY_ID
from domain.runs.entities import Run, RunClaim, RunOutcome, RunResult
from domain.runs.events import RunFinished
from domain.runs.repositories import RunReader, RunStore
from domain.runs.rules import verdict_of

logger = logging.getLogger(__name__)

OUTCOME_BY_KERNEL = {
    KernelOutcome.OK: RunOutcome.OK,
    KernelOutcome.TIME_LIMIT: RunOutcome.TIME_LIMIT,
    KernelOutcome.MEMORY_LIMIT: RunOutcome.MEMORY_LIMIT,
    KernelOutcome.OUTPUT_LIMIT: RunOutcome.OUTPUT_LIMIT,
    KernelOutcome.RUNTIME_ERROR: RunOutcome.RUNTIME_ERROR,
    KernelOutcome.INTERNAL_ERROR: RunOutcome.INTERNAL_ERROR,
}


class RunEnd(StrEnum):
    EXECUTED = "executed"
    NOT_CLAIMED = "not_claimed"
    CLAIM_LOST = "claim_lost"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecuteRunOutput:
    outcome: RunEnd
    run_id: UUID | None = None
    result: RunOutcome | None = None


@dataclass(frozen=True, slots=True)
class ExecuteRun:
    """Claims the fairest queued run this worker has the language of (the submitter with the fewest runs
    running first, then the oldest), compiles it once and runs it once in the sandbox on its stdin, and
    writes its result: outcome, exit code or signal, CPU and wall time, peak memory, stdout and stderr cut
    at the run's output cap. A run claimed more than `max_tries` times (its workers died) ends as an
    internal error. A run cancelled while it holds its claim (the worker is shutting down) is handed
    back, the try not counted. Writing the result records `RunFinished` in the same transaction: its
    callback and its owner's webhooks are told through the outbox (at least once, signed, retried).
    Compiler options go to the compiler as its extra arguments, and the additional files (a zip) lie
    beside the sources for the compilation and the run."""

    store: RunStore
    runs: RunReader
    sandbox: Sandbox
    outputs: OutputStore
    files: RunFiles
    toolchains: Toolchains
    identity: WorkerIdentity
    events: EventRecorder
    archives: RunArchives
    clock: Clock
    tx: TransactionManager
    policy: RunsPolicy

    async def __call__(self) -> ExecuteRunOutput:
        now = self.clock.now()
        lease = timedelta(seconds=self.policy.lease_seconds(self.policy.limits.max_wall_ms))
        languages = [language for language in SPECS_BY_ID if self.toolchains.get(language) is not None]
        claim = await self.store.claim_next(self.identity.id, languages, now, now + lease)
        await self.tx.commit()
        if claim is None:
            return ExecuteRunOutput(outcome=RunEnd.NOT_CLAIMED)
        try:
            return await self._execute_claim(claim)
        except asyncio.CancelledError:
            await self._hand_back(claim)
            raise

    async def _execute_claim(self, claim: RunClaim) -> ExecuteRunOutput:
        run = await self.runs.get(claim.run_id)
        await self.tx.commit()
        if run is None:
            return ExecuteRunOutput(outcome=RunEnd.CLAIM_LOST, run_id=claim.run_id)
        if claim.tries > self.policy.max_tries:
            message = f"The run failed {claim.tries - 1} times (a worker died); gave up."
            return await self._finish(
                claim, run, RunResult(outcome=RunOutcome.INTERNAL_ERROR, message=message)
            )
        try:
            result = await self._execute(run)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a run must end with a result, not in an endless retry
            logger.exception("run %s failed", run.id)
            await self.tx.rollback()
            result = RunResult(
                outcome=RunOutcome.INTERNAL_ERROR, message=f"The run failed: {type(error).__name__}: {error}"
            )
        return await self._finish(claim, run, result)

    async def _finish(self, claim: RunClaim, run: Run, result: RunResult) -> ExecuteRunOutput:
        result.isolated = self.sandbox.isolated
        now = self.clock.now()
        written = await self.store.finish(claim, result, now)
        if written:
            self.events.record(
                RunFinished(run_id=run.id, outcome=result.outcome, verdict=result.verdict, finished_at=now)
            )
        await self.tx.commit()
        if not written:
            return ExecuteRunOutput(outcome=RunEnd.CLAIM_LOST, run_id=claim.run_id)
        return ExecuteRunOutput(outcome=RunEnd.EXECUTED, run_id=run.id, result=result.outcome)

    async def _hand_back(self, claim: RunClaim) -> None:
        try:
            await self.tx.rollback()
            await self.store.release(claim)
            await self.tx.commit()
        except Exception:  # the lease then runs out and the reaper requeues it
            logger.exception("handing run %s back failed", claim.run_id)

    async def _execute(self, run: Run) -> RunResult:
        language = self.toolchains.get(run.language)
        if language is None:
            return RunResult(
                outcome=RunOutcome.INTERNAL_ERROR,
                message=f"This worker has no toolchain for '{run.language}'.",
            )
        files, extra = list(run.files), []
        if run.additional_files is not None:
            extra = await self.archives.files(run.additional_files, self.policy.additional_files)
        if SPECS_BY_ID[run.language].sources_from_archive:
            files, extra = extra, []  # a multi-file program: the zip is the program
        compiled = await self.sandbox.compile(
            CompileRequest(
                language=language,
                files=[BoxFile(name=f.name, content=f.content) for f in files],
                limits=self.policy.compile_limits,
                options=run.compiler_options,
                extra_files=[BoxFile(name=f.name, content=f.content) for f in extra],
            )
        )
        if compiled.report.outcome is KernelOutcome.INTERNAL_ERROR:
            reason = compiled.report.internal_reason or "unknown"
            return RunResult(
                outcome=RunOutcome.INTERNAL_ERROR,
                compile_output=compiled.output,
                message=f"The sandbox failed to compile: {reason}",
            )
        if compiled.artifact is None:
            return RunResult(outcome=RunOutcome.COMPILATION_ERROR, compile_output=compiled.output)
        spec = run.limits
        limits = RunLimits(
            cpu_ms=spec.cpu_ms,
            wall_ms=spec.wall_ms,
            memory_kib=spec.memory_kb,
            processes=spec.processes,
            stdout_bytes=spec.output_bytes,
            stderr_bytes=spec.output_bytes,
            file_size_bytes=spec.output_bytes,
            stack_kib=spec.stack_kb,
        )
        async with (
            self.outputs.hold(max(1, len(run.stdin))) as stdin,
            self.outputs.hold(spec.output_bytes) as stdout,
        ):
            await self.files.write(stdin.path, run.stdin)
            executed = await self.sandbox.execute(
                ExecuteRequest(
                    artifact=compiled.artifact,
                    stdin_path=stdin.path,
                    stdout_path=stdout.path,
                    limits=replace(limits, stdout_bytes=stdout.max_bytes),
                    args=run.args,
                )
            )
            output = await self.files.read(stdout.path, stdout.max_bytes)
        report = executed.report
        outcome = OUTCOME_BY_KERNEL[report.outcome]
        stderr = executed.stderr[: spec.output_bytes]
        if run.redirect_stderr:
            output, stderr = (output + stderr)[: spec.output_bytes], b""
        return RunResult(
            outcome=outcome,
            verdict=verdict_of(outcome, output, run.expected_output),
            exit_code=report.exit_code,
            signal=report.signal,
            time_ms=report.cpu_ms,
            wall_time_ms=report.wall_ms,
            memory_kb=report.memory_kib,
            stdout=output,
            stderr=stderr,
            compile_output=compiled.output,
            message=_message(outcome, report.exit_code, report.signal, report.internal_reason),
        )


def _message(outcome: RunOutcome, exit_code: int | None, signal: str | None, reason: str | None) -> str:
    if outcome is RunOutcome.RUNTIME_ERROR:
        return f"Killed by {signal}" if signal else f"Exited with error status {exit_code}"
    messages = {
        RunOutcome.TIME_LIMIT: "Time limit exceeded",
        RunOutcome.MEMORY_LIMIT: "Memory limit exceeded",
        RunOutcome.OUTPUT_LIMIT: "Output limit exceeded",
        RunOutcome.INTERNAL_ERROR: f"Internal error: {reason or 'unknown'}",
    }
    return messages.get(outcome, "")
