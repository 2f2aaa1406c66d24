"""Files the worker keeps (cached test data, compiled artifacts) and its data dir open to their owner only:
any other local account must not read hidden answers."""

import stat
import uuid
from pathlib import Path

from application.judging.sandbox import RunOutcome, RunReport
from domain.problems.entities import TestData
from infrastructure.judging.files import CachedTestFiles, private_dir
from infrastructure.sandbox.cache import Artifact, CompileCache
from tests.unit.application.judging.fakes import make_test
from tests.unit.application.problems.fakes import FakeTests


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_cached_test_files_are_0600_in_0700_directories_even_when_the_cache_existed_open(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache" / "tests"
    cache.mkdir(parents=True, mode=0o755)
    cache.chmod(0o755)  # as an older version left it
    tests = FakeTests()
    test = make_test(uuid.uuid4(), "1")
    await tests.add(test, TestData(input=b"secret input", answer=b"secret answer"))

    paths = await CachedTestFiles(tests, cache).prepare([test])

    assert _mode(cache) == 0o700
    assert {_mode(Path(paths[test.id].input)), _mode(Path(paths[test.id].answer))} == {0o600}


def test_compile_cache_directories_are_0700_and_its_metadata_0600(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = CompileCache(root)
    staging = cache.staging()
    (staging / "files").mkdir()
    key = "a" * 64
    report = RunReport(outcome=RunOutcome.RUNTIME_ERROR, exit_code=1)

    cache.store(Artifact(key=key, ok=False, output="error: hidden.h", report=report), staging)

    assert _mode(root) == 0o700
    assert _mode(root / key) == 0o700
    assert _mode(root / key / "meta.json") == 0o600


def test_the_data_dir_is_made_0700_and_an_open_one_is_tightened(tmp_path: Path) -> None:
    made, existing = tmp_path / "new" / "data", tmp_path / "old"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)

    private_dir(made)
    private_dir(existing)

    assert (_mode(made), _mode(existing)) == (0o700, 0o700)
