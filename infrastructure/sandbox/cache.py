"""Compiled artifacts on local disk, keyed by what determines them, so identical sources compile once."""

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from application.judging.sandbox import Outcome, RunReport, SourceFile, TimeLimitKind
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


def cache_key(language: Language, spec: LanguageSpec, files: Sequence[SourceFile]) -> str:
    digest = hashlib.sha256()
    header = [language.id, language.version, sorted(language.tools.items()), spec.compile, spec.run]
    digest.update(json.dumps(header).encode())
    for source in files:
        digest.update(hashlib.sha256(source.name.encode()).digest())
        digest.update(hashlib.sha256(source.content).digest())
    return digest.hexdigest()


def _report_to_json(report: RunReport) -> dict[str, object]:
    return asdict(report)


def _report_from_json(data: dict[str, object]) -> RunReport:
    kind = data.get("time_limit_kind")
    return RunReport(
        outcome=Outcome(str(data["outcome"])),
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
        root.mkdir(parents=True, exist_ok=True)
        for leftover in root.glob("tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)

    def staging(self) -> Path:
        path = self._root / f"tmp-{uuid.uuid4().hex}"
        path.mkdir()
        return path

    def load(self, key: str) -> Artifact | None:
        if len(key) != _KEY_LENGTH or not all(c in "0123456789abcdef" for c in key):
            return None
        if key in self._memo:
            return self._memo[key]
        entry = self._root / key
        try:
            meta = json.loads((entry / "meta.json").read_text())
        except (OSError, ValueError):
            return None
        files = entry / "files"
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
        )
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
        }
        (staging / "meta.json").write_text(json.dumps(meta))
        try:
            os.rename(staging, self._root / artifact.key)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
        stored = self.load(artifact.key)
        return stored if stored is not None else artifact

    def discard(self, staging: Path) -> None:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
