import os
import time
from pathlib import Path

from infrastructure.sandbox.cache import CompileCache, prune_files

HOUR = 3600.0


def _entry(root: Path, key_char: str, size: int, age_seconds: float) -> Path:
    entry = root / (key_char * 64)
    (entry / "files").mkdir(parents=True)
    (entry / "files" / "main").write_bytes(b"x" * size)
    (entry / "meta.json").write_text("{}")
    moment = time.time() - age_seconds
    os.utime(entry, (moment, moment))
    return entry


def test_the_least_recently_used_idle_entries_go_until_the_cache_fits(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path)
    oldest = _entry(tmp_path, "a", 1000, 3 * HOUR)
    older = _entry(tmp_path, "b", 1000, 2 * HOUR)
    recent = _entry(tmp_path, "c", 1000, 10)
    assert cache.prune(max_bytes=1500, idle_seconds=HOUR) == 2
    assert not oldest.exists()
    assert not older.exists()
    assert recent.exists(), "used in the last hour: kept even over the limit"


def test_nothing_is_removed_while_the_cache_fits(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path)
    entry = _entry(tmp_path, "d", 1000, 5 * HOUR)
    assert cache.prune(max_bytes=10_000, idle_seconds=HOUR) == 0
    assert entry.exists()


def test_a_loaded_entry_counts_as_used_now(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path)
    old = _entry(tmp_path, "e", 1000, 5 * HOUR)
    cache.load("e" * 64)  # its meta.json is not a valid artifact, but the use is recorded
    assert cache.prune(max_bytes=0, idle_seconds=HOUR) == 0
    assert old.exists()


def test_cached_test_files_are_pruned_oldest_first(tmp_path: Path) -> None:
    files = []
    for index, age in enumerate((4 * HOUR, 3 * HOUR, 60)):
        path = tmp_path / f"{index}.in"
        path.write_bytes(b"y" * 100)
        os.utime(path, (time.time() - age, time.time() - age))
        files.append(path)
    assert prune_files(tmp_path, max_bytes=150, idle_seconds=HOUR) == 2
    assert [path.exists() for path in files] == [False, False, True]
    assert prune_files(tmp_path / "missing", max_bytes=0, idle_seconds=0) == 0
