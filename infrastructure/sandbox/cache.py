"""Compiled artifacts on local disk, keyed by what determines them, so identical sources compile once."""

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from application.judging.sandbox import BoxFile, RunOutcome, RunReport, TimeLimitKind
from domain.languages.entities import Language, LanguageSpec

_KEY_LENGTH = 64


@dataclass(frozen=True, slots=True, kw_only=True)
class Artifact:
    key: str
    ok: bool
    output: str
    report: RunReport
    run: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    processes: int = 1
    files: tuple[str, ...] = ()  # relative paths under `directory`, parents before children
    directory: Path = Path()
    # A compile time-out: the CPU and wall limits (ms) it ran out of, and until when (epoch seconds) it holds.
    timed_out_under: tuple[int, int] | None = None
    expires_at: float | None = None

    def holds(self, cpu_ms: int, wall_ms: int, now: float) -> bool:
        """Whether this result answers a compilation under these limits now: a time-out only until it
        expires, and only under limits no larger than those it ran out of."""
        if self.timed_out_under is None:
            return True
        if self.expires_at is not None and now >= self.expires_at:
            return False
        return cpu_ms <= self.timed_out_under[0] and wall_ms <= self.timed_out_under[1]


def cache_key(
    language: Language,
    spec: LanguageSpec,
    files: Sequence[BoxFile],
    *,
    jury: bool = False,
    options: Sequence[str] = (),
    extra_files: Sequence[BoxFile] = (),
) -> str:
    digest = hashlib.sha256()
    header: list[object] = [language.id, language.version, sorted(language.tools.items()), spec.compile]
    header += [spec.run, "jury"] if jury else [spec.run]  # a jury compilation's environment differs
    if options or extra_files:  # absent, the key stays what it was (cached artifacts stay valid)
        header += [list(options), len(extra_files)]
    digest.update(json.dumps(header).encode())
    for source in [*files, *extra_files]:
        digest.update(hashlib.sha256(source.name.encode()).digest())
        digest.update(hashlib.sha256(source.content).digest())
    return digest.hexdigest()


def _report_to_json(report: RunReport) -> dict[str, object]:
    return asdict(report)


def _report_from_json(data: dict[str, object]) -> RunReport:
    kind = data.get("time_limit_kind")
    return RunReport(
        outcome=RunOutcome(str(data["outcome"])),
        time_limit_kind=TimeLimitKind(str(kind)) if kind else None,
        cpu_ms=int(str(data.get("cpu_ms", 0))),
        wall_ms=int(str(data.get("wall_ms", 0))),
        memory_kib=int(str(data.get("memory_kib", 0))),
        exit_code=int(str(data["exit_code"])) if data.get("exit_code") is not None else None,
        signal=str(data["signal"]) if data.get("signal") else None,
        internal_reason=str(data["internal_reason"]) if data.get("internal_reason") else None,
        isolated=bool(data.get("isolated", True)),
    )


def _listing(directory: Path) -> tuple[str, ...]:
    found: list[str] = []
    for path in sorted(directory.rglob("*")):
        if path.is_symlink():
            continue
        relative = str(path.relative_to(directory))
        found.append(relative + "/" if path.is_dir() else relative)
    return tuple(found)


class CompileCache:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._memo: dict[str, Artifact] = {}
        self._used: dict[str, float] = {}  # key -> last use (epoch seconds), for pruning
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(root, 0o700)  # only root reaches compiled artifacts and their compiler output
        for leftover in root.glob("tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)

    def prune(self, max_bytes: int, idle_seconds: float) -> int:
        """Removes least recently used entries, idle for at least `idle_seconds` (so none a judging still
        uses), until the cache holds at most `max_bytes`. Returns how many were removed."""
        entries = []
        for entry in self._root.iterdir():
            if len(entry.name) != _KEY_LENGTH or entry.is_symlink() or not entry.is_dir():
                continue
            used = self._used.get(entry.name) or entry.stat().st_mtime
            entries.append((used, entry, tree_size(entry)))
        return _remove_oldest(entries, max_bytes, idle_seconds, forget=self._forget)

    def _forget(self, entry: Path) -> None:
        self._memo.pop(entry.name, None)
        self._used.pop(entry.name, None)
        shutil.rmtree(entry, ignore_errors=True)

    def staging(self) -> Path:
        path = self._root / f"tmp-{uuid.uuid4().hex}"
        path.mkdir(mode=0o700)
        return path

    def load(self, key: str) -> Artifact | None:
        if len(key) != _KEY_LENGTH or not all(c in "0123456789abcdef" for c in key):
            return None
        self._used[key] = time.time()
        if key in self._memo:
            return self._memo[key]
        entry = self._root / key
        files = entry / "files"
        try:
            meta = json.loads((entry / "meta.json").read_text())
            artifact = Artifact(
                key=key,
                ok=bool(meta["ok"]),
                output=str(meta["output"]),
                report=_report_from_json(meta["report"]),
                run=tuple(meta["run"]),
                env=dict(meta["env"]),
                processes=int(meta["processes"]),
                files=_listing(files) if files.is_dir() else (),
                directory=files,
                timed_out_under=tuple(meta["timed_out_under"]) if meta.get("timed_out_under") else None,
                expires_at=float(meta["expires_at"]) if meta.get("expires_at") is not None else None,
            )
        except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: compile again
            return None
        self._memo[key] = artifact
        return artifact

    def store(self, artifact: Artifact, staging: Path) -> Artifact:
        """Publishes `staging` (holding `files/`) atomically; a concurrent identical compile simply loses."""
        meta = {
            "ok": artifact.ok,
            "output": artifact.output,
            "report": _report_to_json(artifact.report),
            "run": list(artifact.run),
            "env": artifact.env,
            "processes": artifact.processes,
            "timed_out_under": list(artifact.timed_out_under) if artifact.timed_out_under else None,
            "expires_at": artifact.expires_at,
        }
        meta_fd = os.open(staging / "meta.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        with os.fdopen(meta_fd, "w") as handle:
            handle.write(json.dumps(meta))
        try:
            os.rename(staging, self._root / artifact.key)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
        stored = self.load(artifact.key)
        return stored if stored is not None else artifact

    def forget(self, key: str) -> None:
        """Drops an entry (an expired time-out) so it is compiled again."""
        self._forget(self._root / key)

    def discard(self, staging: Path) -> None:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)


def tree_size(directory: Path) -> int:
    total = 0
    for base, _dirs, files in os.walk(directory):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(base, name)).st_size
    return total


def _remove_oldest(
    entries: list[tuple[float, Path, int]],
    max_bytes: int,
    idle_seconds: float,
    forget: Callable[[Path], None],
) -> int:
    total = sum(size for _used, _entry, size in entries)
    now = time.time()
    removed = 0
    for used, entry, size in sorted(entries):
        if total <= max_bytes or now - used < idle_seconds:
            break  # oldest first: everything after is newer still
        forget(entry)
        total -= size
        removed += 1
    return removed


def prune_files(directory: Path, max_bytes: int, idle_seconds: float) -> int:
    """The same policy for a flat directory of cache files, by modification time (users touch on reuse)."""
    if not directory.is_dir():
        return 0
    entries = []
    for entry in directory.iterdir():
        if entry.is_file() and not entry.is_symlink() and not entry.name.startswith("."):
            stat = entry.stat()
            entries.append((stat.st_mtime, entry, stat.st_size))
    return _remove_oldest(entries, max_bytes, idle_seconds, forget=lambda path: path.unlink(missing_ok=True))
