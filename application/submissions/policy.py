from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionPolicy:
    source_max_bytes: int
    max_files: int = 32
    wait_max_seconds: float = 60.0
    stream_ping_seconds: float = 15.0  # a live progress stream's keep-alive when nothing happens
    stream_max_seconds: float = 600.0  # a live progress stream ends after this long (the client resumes)
