from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadPolicy:
    """Size limits on what authors upload (from settings)."""

    test_max_bytes: int
    problem_max_bytes: int
    archive_max_ratio: int
    problem_max_tests: int
