"""Test and group names from package paths: the path under `data/` with `/` as `.`
(`data/secret/group1/03.in` is the test `secret.group1.03`, its group `group1`). Unique by
construction; a name that does not fit this judge's rule (64 characters of `[A-Za-z0-9_.-]`, starting
with a letter or digit) is shortened with a hash of the path, which keeps it unique and stable."""

import hashlib
import re

from domain.problems.entities import NAME_PATTERN

MAX_NAME = 64
_BAD = re.compile(r"[^A-Za-z0-9_.-]")


def fit_name(text: str) -> str:
    if NAME_PATTERN.fullmatch(text):
        return text
    cleaned = _BAD.sub("-", text)
    if not cleaned[:1].isalnum():
        cleaned = "n" + cleaned
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"{cleaned[: MAX_NAME - 9]}-{digest}"


def name_of_test(stem_under_data: str) -> str:
    """`secret/group1/03` -> `secret.group1.03`."""
    return fit_name(stem_under_data.replace("/", "."))


def name_of_group(directory_under_secret: str) -> str:
    """`group1` -> `group1`; `group1/sub` -> `group1.sub`."""
    return fit_name(directory_under_secret.replace("/", "."))
