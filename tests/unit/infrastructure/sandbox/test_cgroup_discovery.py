from pathlib import Path

import pytest

from infrastructure.sandbox.cgroups import CgroupsV2, CgroupUnavailableError, RunCgroupLimits
from infrastructure.sandbox.cgroups import files as fs

MOUNTINFO_V1 = """\
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 /docker/abc /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
"""
PROC_CGROUP_V1 = "4:memory:/svc\n8:pids:/\n2:cpu,cpuacct:/docker/abc/x\n0::/\n"


def test_v1_hierarchies_and_own_paths_are_found() -> None:
    mounts = {opt: m for m in fs.mounts(MOUNTINFO_V1) if m.fstype == "cgroup" for opt in m.options}
    own = fs.own_paths(PROC_CGROUP_V1)
    assert fs.inside(mounts["memory"], own["memory"]) == Path("/sys/fs/cgroup/memory/svc")
    assert fs.inside(mounts["cpuacct"], own["cpuacct"]) == Path("/sys/fs/cgroup/cpu,cpuacct/x")
    assert own[""] == "/"


def _fake_v2(root: Path, controllers: str, subtree: str = "") -> tuple[str, str]:
    base = root / "svc"
    base.mkdir(parents=True)
    (base / "cgroup.controllers").write_text(controllers)
    (base / "cgroup.subtree_control").write_text(subtree)
    (base / "cgroup.procs").write_text("")
    return f"50 1 0:40 / {root} rw - cgroup2 cgroup2 rw\n", "0::/svc\n"


def test_v2_without_delegated_controllers_is_refused_with_the_reason(tmp_path: Path) -> None:
    mountinfo, proc_cgroup = _fake_v2(tmp_path, "cpu io")
    with pytest.raises(CgroupUnavailableError, match="memory, pids"):
        CgroupsV2(mountinfo, proc_cgroup, None)


def test_v2_run_cgroup_gets_limits_and_reports_counters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a plain directory has no kernel-made control files: let writes create them
    monkeypatch.setattr(fs, "write", lambda path, value: Path(path).write_text(value))
    mountinfo, proc_cgroup = _fake_v2(tmp_path, "cpuset cpu io memory pids", "cpuset cpu memory pids")
    v2 = CgroupsV2(mountinfo, proc_cgroup, [1])
    run = v2.create(0)
    directory = Path(run.procs_paths[0]).parent
    assert directory.parent.name.startswith("sandbox-")
    assert (directory / "cpuset.cpus").read_text() == "1"
    run.limit(RunCgroupLimits(memory_bytes=64 << 20, pids=5))
    assert (directory / "memory.max").read_text() == str(64 << 20)
    assert (directory / "pids.max").read_text() == "5"
    (directory / "cpu.stat").write_text("usage_usec 12345\nuser_usec 1\n")
    (directory / "memory.peak").write_text(str(3 << 20))
    (directory / "memory.events").write_text("low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n")
    usage = run.usage()
    assert (usage.cpu_ms, usage.memory_kib, usage.oom_kills) == (12, 3072, 1)
    assert run.cpu_path.endswith("cpu.stat")


def test_v2_moves_our_processes_to_a_leaf_before_enabling_controllers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fs, "write", lambda path, value: Path(path).write_text(value))
    mountinfo, proc_cgroup = _fake_v2(tmp_path, "cpu io memory pids")
    (tmp_path / "svc" / "cgroup.procs").write_text("4242\n")
    (tmp_path / "svc" / "cgroup.type").write_text("domain\n")
    CgroupsV2(mountinfo, proc_cgroup, None)
    assert (tmp_path / "svc" / "leaf" / "cgroup.procs").read_text() == "4242"
    assert (tmp_path / "svc" / "cgroup.subtree_control").read_text() == "+memory +pids +cpu"
