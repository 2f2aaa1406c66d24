"""Worker-mode providers: the sandbox, this machine's toolchains and the judging use cases."""

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

from dishka import Provider, Scope, from_context, provide, provide_all

from application.judging.policy import COMPILE_LIMITS, JudgingPolicy
from application.judging.ports import OutputChecker, OutputStore, TestFiles, Toolchains, WorkerIdentity
from application.judging.problem_cache import ProblemCache
from application.judging.sandbox import InteractiveSandbox, Sandbox
from application.judging.usecases import JudgeSubmission, ReapSubmissions
from domain.problems.repositories import ProblemTestReader
from infrastructure.config import Settings
from infrastructure.judging.files import (
    PRIVATE,
    TRAVERSE_ONLY,
    BoundedOutputStore,
    CachedTestFiles,
    FileOutputChecker,
    private_dir,
    scratch_root,
)
from infrastructure.judging.toolchains import DetectedToolchains
from infrastructure.sandbox import SandboxConfig, create_sandbox
from infrastructure.uid_scheme import UidScheme


class JudgingProvider(Provider):
    identity = from_context(provides=WorkerIdentity, scope=Scope.APP)
    detected = from_context(provides=DetectedToolchains, scope=Scope.APP)
    use_cases = provide_all(JudgeSubmission, ReapSubmissions, scope=Scope.REQUEST)

    @provide(scope=Scope.APP)
    def toolchains(self, detected: DetectedToolchains) -> Toolchains:
        return detected

    @provide(scope=Scope.APP)
    def problem_cache(self) -> ProblemCache:
        return ProblemCache()

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> JudgingPolicy:
        return JudgingPolicy(
            slots=settings.worker_concurrency,
            lease_seconds=settings.judge_lease_seconds,
            redispatch_after_seconds=settings.judge_redispatch_seconds,
            submission_output_bytes=settings.judge_submission_output_bytes,
            compile_limits=replace(
                COMPILE_LIMITS,
                cpu_ms=round(settings.compile_cpu_seconds * 1000),
                wall_ms=round(settings.compile_wall_seconds * 1000),
            ),
            interactor_limits=replace(
                JudgingPolicy(slots=1).interactor_limits,
                cpu_ms=settings.interactor_time_ms,
                wall_ms=settings.interactor_time_ms * 2,
                memory_kib=settings.interactor_memory_mb * 1024,
            ),
        )

    @provide(scope=Scope.APP)
    async def sandbox(
        self, settings: Settings, detected: DetectedToolchains
    ) -> AsyncIterator[InteractiveSandbox]:
        private_dir(settings.data_dir, PRIVATE if settings.database_url else TRAVERSE_ONLY)
        config = SandboxConfig(
            root=settings.data_dir / "sandbox",
            slots=max(settings.worker_concurrency, 2),  # an interactive run takes two slots at once
            insecure=settings.sandbox_insecure,
            pin_cpus=settings.sandbox_pin_cpus,
            cgroup_version=settings.sandbox_cgroup_version,
            compile_timeout_seconds=settings.compile_timeout_remember_seconds,
            jury_include_dir=settings.jury_include_dir,
            uid_scheme=UidScheme(settings.sandbox_uid_base, settings.sandbox_uid_stride),
            runtime_dir=settings.sandbox_runtime_dir,
        )
        sandbox = await create_sandbox(config, detected.all())
        try:
            yield sandbox
        finally:
            await sandbox.close()

    @provide(scope=Scope.APP)
    def outputs(self, settings: Settings) -> Iterator[OutputStore]:
        store = BoundedOutputStore(scratch_root(settings.data_dir), settings.judge_output_store_bytes)
        try:
            yield store
        finally:
            store.close()

    @provide(scope=Scope.APP)
    def plain_sandbox(self, sandbox: InteractiveSandbox) -> Sandbox:
        return sandbox

    @provide(scope=Scope.APP)
    def output_checker(self) -> OutputChecker:
        return FileOutputChecker()

    @provide(scope=Scope.REQUEST)
    def test_files(self, tests: ProblemTestReader, settings: Settings) -> TestFiles:
        return CachedTestFiles(tests, settings.data_dir / "cache" / "tests")
