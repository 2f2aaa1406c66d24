from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionPolicy:
    source_max_bytes: int
    max_files: int = 32
    wait_max_seconds: float = 60.0
