import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.packages.archive import ImportProgress, PackageArchive, PackageArchives, PackageLimits
from application.packages.format.creation import jury_from, problem_from
from application.packages.format.layout import index_package
from application.packages.format.model import PackageJurySubmission, ParsedPackage
from application.packages.format.parser import ParseOptions, files_to_read, parse_package
from application.problems.policy import UploadPolicy
from application.submissions.dispatch import dispatch_quietly
from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from application.workers.policy import WorkerLiveness
from domain.accounts.access import can_author
from domain.accounts.entities import Visibility
from domain.accounts.exceptions import ForbiddenError
from domain.packages.entities import (
    TimeLimitRole,
    TimeLimitSource,
    Verification,
    VerificationState,
    jury_run,
)
from domain.packages.exceptions import InteractiveNotSupportedError
from domain.packages.repositories import JurySubmissionRepository, VerificationRepository
from domain.packages.timing import CALIBRATION_TIME_MS, FALLBACK_TIME_MS
from domain.problems.entities import (
    SLUG_PATTERN,
    Problem,
    TestData,
    describe_test,
    ensure_problem_size,
    ensure_test_count,
    validate_problem,
)
from domain.problems.files import ProblemFileSaver, describe_file
from domain.problems.repositories import ProblemSaver, ProblemTestSaver
from domain.submissions.repositories import SubmissionSaver
from domain.workers.repositories import WorkerReader

PACKAGE_MAX_ENTRIES = 20_000
PACKAGE_MAX_DEPTH = 16
PACKAGE_EXTRA_BYTES = 64 * 1024 * 1024
"""Room for what is not test data or files (metadata, validators, jury sources) in an archive's budget."""
_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportPackageInput:
    location: str  # the package zip on local disk (the caller owns and removes it)
    file_name: str | None = None  # as uploaded: a default for the slug
    slug: str | None = None
    visibility: Visibility = Visibility.DRAFT
    verify: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportPackageOutput:
    problem: Problem
    warnings: list[str]
    verification_state: VerificationState
    jury_total: int  # jury submissions that will be judged
    dispatched: list[uuid.UUID] = field(default_factory=list)


def slug_for(parsed: ParsedPackage, data: ImportPackageInput) -> str:
    """The given slug, else one from the package's short name, the file name or the title."""
    if data.slug is not None:
        return data.slug
    for candidate in (parsed.short_name, _stem(data.file_name), parsed.title):
        slug = _SLUG_UNSAFE.sub("-", (candidate or "").lower()).strip("-")[:64].strip("-")
        if SLUG_PATTERN.fullmatch(slug):
            return slug
    return f"problem-{uuid.uuid4().hex[:8]}"


def _stem(file_name: str | None) -> str | None:
    if not file_name:
        return None
    name = file_name.rsplit("/", 1)[-1]
    for extension in (".zip", ".kpp"):
        if name.lower().endswith(extension):
            return name[: -len(extension)]
    return name


@dataclass(frozen=True, slots=True)
class ImportPackage:
    """An author (or admin) imports a problem package (ICPC/Kattis format, legacy to 2025-09) as a new
    problem they own, a draft unless said otherwise: statement, limits, tests with their groups, the
    checker (an interactive problem's output validator becomes its Kattis interactor), files, and the
    package's jury submissions. All or nothing: a package that breaks the format, goes over the upload
    limits or needs what this judge cannot run (an interactive problem without its interactor) is
    refused and nothing is created. With `verify` the jury submissions are judged right after (those that
    bound a time limit the package leaves open first, to find it) and `GET …/verification` compares each
    with what the package expects of it. Jury submissions run as the built-in `jury` account with no key:
    they count against no rate limit and only the problem's managers see them."""

    identity: IdentityProvider
    archives: PackageArchives
    problems: ProblemSaver
    tests: ProblemTestSaver
    files: ProblemFileSaver
    jury: JurySubmissionRepository
    verifications: VerificationRepository
    submissions: SubmissionSaver
    workers: WorkerReader
    queue: JudgeQueue
    upload: UploadPolicy
    submission_policy: SubmissionPolicy
    liveness: WorkerLiveness
    progress: ImportProgress
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: ImportPackageInput) -> ImportPackageOutput:
        principal = await self.identity.principal()
        if not can_author(principal):
            raise ForbiddenError("Only authors and admins import problems.")
        limits = PackageLimits(
            file_max_bytes=self.upload.test_max_bytes,
            total_max_bytes=self.upload.problem_max_bytes + PACKAGE_EXTRA_BYTES,
            max_ratio=self.upload.archive_max_ratio,
            max_entries=PACKAGE_MAX_ENTRIES,
            max_depth=PACKAGE_MAX_DEPTH,
        )
        async with self.archives.open(data.location, limits) as archive:
            index = index_package(archive.entries)
            options = ParseOptions(
                submission_max_bytes=self.submission_policy.source_max_bytes, name_hint=_stem(data.file_name)
            )
            texts = {path: await archive.read(index.source(path)) for path in files_to_read(index, options)}
            parsed = parse_package(index, texts, options)
            if parsed.interactive is not None and parsed.interactive.validator is None:
                raise InteractiveNotSupportedError(
                    f"{parsed.interactive.file} {parsed.interactive.field}: an interactive problem needs its "
                    "interactor in output_validator/; nothing was created",
                    details={"file": parsed.interactive.file, "field": parsed.interactive.field},
                )
            ensure_test_count(len(parsed.tests), self.upload.problem_max_tests)
            total = sum(index.size(test.input) + index.size(test.answer) for test in parsed.tests)
            total += sum(index.size(file.source) for file in parsed.files)
            ensure_problem_size(total, self.upload.problem_max_bytes)
            now = self.clock.now()
            warnings = list(parsed.warnings)
            jury = await self._jury(parsed.jury, warnings)
            judged = [item for item in jury if item.skipped is None]
            state, source, time_ms = self._time_limit(parsed, judged, data.verify, warnings)
            problem = problem_from(
                parsed,
                slug=slug_for(parsed, data),
                owner_id=principal.account_id,
                visibility=data.visibility,
                time_ms=time_ms,
                now=now,
            )
            validate_problem(problem)
            await self.problems.add(problem)
            await self._copy(archive, index.source, parsed, problem, now, total)

        stored = jury_from(jury, problem.id)
        await self.jury.add_many(stored)
        dispatched: list[uuid.UUID] = []
        if data.verify:
            first = [
                item
                for item in stored
                if item.skipped is None
                and (state is VerificationState.JUDGING or item.role is TimeLimitRole.LOWER)
            ]
            for item in first:
                submission = jury_run(item, now)
                await self.submissions.add(submission)
                await self.jury.attach(item.id, submission.id)
                dispatched.append(submission.id)
        await self.verifications.add(
            Verification(
                problem_id=problem.id,
                state=state,
                rule=parsed.time_rule,
                time_limit_ms=time_ms,
                source=source,
                created_at=now,
                updated_at=now,
            )
        )
        await self.tx.commit()
        await dispatch_quietly(self.queue, dispatched)
        return ImportPackageOutput(
            problem=problem,
            warnings=warnings,
            verification_state=state,
            jury_total=len(judged) if data.verify else 0,
            dispatched=dispatched,
        )

    async def _jury(
        self, jury: Sequence[PackageJurySubmission], warnings: list[str]
    ) -> list[PackageJurySubmission]:
        """Jury submissions in a language no live worker offers are kept but not judged (they would wait
        for such a worker forever); with no live worker at all every one is queued."""
        alive = await self.workers.list_alive_since(self.clock.now() - self.liveness.offline_after)
        offered = {language.id for worker in alive for language in worker.languages}
        if not alive:
            return list(jury)
        kept, missing = [], set()
        for item in jury:
            if item.skipped is None and item.language not in offered:
                missing.add(item.language)
                item = PackageJurySubmission(
                    path=item.path,
                    language=item.language,
                    files=item.files,
                    expectation=item.expectation,
                    role=item.role,
                    skipped=f"no live worker offers {item.language}",
                )
            kept.append(item)
        if missing:
            warnings.append(
                f"jury submissions in {', '.join(sorted(missing))} not judged: no live worker offers it"
            )
        return kept

    def _time_limit(
        self,
        parsed: ParsedPackage,
        judged: Sequence[PackageJurySubmission],
        verify: bool,
        warnings: list[str],
    ) -> tuple[VerificationState, TimeLimitSource, int]:
        fixed = parsed.time_rule.fixed_ms
        state = VerificationState.JUDGING if verify else VerificationState.SKIPPED
        if fixed is not None:
            return state, TimeLimitSource.PACKAGE, fixed
        if verify and any(item.role is TimeLimitRole.LOWER for item in judged):
            return VerificationState.CALIBRATING, TimeLimitSource.CALIBRATING, CALIBRATION_TIME_MS
        reason = "verify is off" if not verify else "no accepted jury submission to compute it from"
        warnings.append(f"no time limit in the package and {reason}: {FALLBACK_TIME_MS / 1000:g} s")
        return state, TimeLimitSource.DEFAULT, FALLBACK_TIME_MS

    async def _copy(
        self,
        archive: PackageArchive,
        source: Callable[[str], str],
        parsed: ParsedPackage,
        problem: Problem,
        now: datetime,
        total_bytes: int,
    ) -> None:
        """Tests and files, one at a time: a package never sits in memory whole."""
        self.progress.start(total_bytes)
        try:
            for test in parsed.tests:
                content = TestData(
                    input=await archive.read(source(test.input)),
                    answer=await archive.read(source(test.answer)),
                )
                described = describe_test(
                    id=uuid.uuid4(),
                    problem_id=problem.id,
                    name=test.name,
                    group=test.group,
                    sample=test.sample,
                    data=content,
                    created_at=now,
                )
                await self.tests.add(described, content)
                self.progress.advance(described.input_size + described.answer_size)
            for file in parsed.files:
                content_bytes = await archive.read(source(file.source))
                described_file = describe_file(
                    id=uuid.uuid4(),
                    problem_id=problem.id,
                    path=file.path,
                    kind=file.kind,
                    data=content_bytes,
                    created_at=now,
                )
                await self.files.add(described_file, content_bytes)
                self.progress.advance(len(content_bytes))
        finally:
            self.progress.finish()
