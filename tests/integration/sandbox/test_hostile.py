"""Real hostile programs. Each asserts the exact verdict and, through `clean_host`, that no process of the
run survives and nothing it wrote exists on the host."""

import asyncio
import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from application.judging.sandbox import RunLimits, RunOutcome, TimeLimitKind
from domain.languages.entities import Language
from infrastructure.sandbox import IsolatedSandbox
from infrastructure.sandbox.config import PROJECT_ROOT
from tests.integration.sandbox.helpers import compile_source, run_source

pytestmark = pytest.mark.usefixtures("clean_host")

FAST = RunLimits(cpu_ms=1000, wall_ms=3000, memory_kib=64 * 1024, processes=1)


async def test_c_fork_bomb_is_held_by_the_pids_limit_and_burns_to_the_cpu_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = "#include <unistd.h>\nint main(void){for(;;) fork();}"
    run = await run_source(
        sandbox, languages["c"], source, limits=RunLimits(cpu_ms=500, wall_ms=5000, processes=8)
    )
    report = run.result.report
    assert (report.outcome, report.time_limit_kind) == (RunOutcome.TIME_LIMIT, TimeLimitKind.CPU)
    assert report.cpu_ms >= 500


async def test_python_fork_bomb_fails_to_fork_and_dies(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = "import os\nwhile True:\n    os.fork()\n"
    run = await run_source(sandbox, languages["python3"], source, limits=RunLimits(processes=8))
    assert run.result.report.outcome is RunOutcome.RUNTIME_ERROR
    assert run.result.report.exit_code == 1
    assert b"BlockingIOError" in run.result.stderr


async def test_c_memory_bomb_is_a_memory_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = (
        "#include <stdlib.h>\n#include <string.h>\n"
        "int main(void){for(;;){char*p=malloc(16<<20); if(!p) return 3; memset(p,1,16<<20);}}"
    )
    run = await run_source(sandbox, languages["c"], source, limits=FAST)
    assert run.result.report.outcome is RunOutcome.MEMORY_LIMIT
    assert run.result.report.memory_kib >= 60 * 1024


async def test_python_list_bomb_is_a_memory_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = "x = []\nwhile True:\n    x.append(' ' * 1000000)\n"
    run = await run_source(sandbox, languages["python3"], source, limits=FAST)
    assert run.result.report.outcome is RunOutcome.MEMORY_LIMIT


async def test_java_array_bomb_is_a_memory_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    if "java" not in languages:
        pytest.skip("java is not installed")
    source = (
        "public class Main { public static void main(String[] a) {\n"
        "  long[] big = new long[400_000_000]; big[big.length - 1] = 1; System.out.println(big[7]); } }\n"
    )
    limits = RunLimits(cpu_ms=5000, wall_ms=10000, memory_kib=256 * 1024)
    run = await run_source(sandbox, languages["java"], source, limits=limits)
    assert run.result.report.outcome is RunOutcome.MEMORY_LIMIT, run.result


async def test_infinite_loop_is_a_cpu_time_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    run = await run_source(
        sandbox, languages["c"], "int main(void){volatile int x=0;for(;;)x++;}", limits=FAST
    )
    report = run.result.report
    assert (report.outcome, report.time_limit_kind) == (RunOutcome.TIME_LIMIT, TimeLimitKind.CPU)
    assert 1000 <= report.cpu_ms < 1500


async def test_threads_are_limited_by_their_total_cpu(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    # Four threads of 400 ms each: none exceeds the 1 s limit alone, together they do.
    source = r"""
#include <pthread.h>
#include <stdio.h>
#include <time.h>
static void *burn(void *arg) {
    struct timespec t;
    do clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); while (t.tv_sec * 1000 + t.tv_nsec / 1000000 < 400);
    return arg;
}
int main(void) {
    pthread_t th[4];
    for (int i = 0; i < 4; i++) pthread_create(&th[i], 0, burn, 0);
    for (int i = 0; i < 4; i++) pthread_join(th[i], 0);
    puts("finished");
    return 0;
}
"""
    limits = RunLimits(cpu_ms=1000, wall_ms=5000, processes=8)
    run = await run_source(sandbox, languages["c"], source, limits=limits)
    report = run.result.report
    assert (report.outcome, report.time_limit_kind) == (RunOutcome.TIME_LIMIT, TimeLimitKind.CPU)
    assert run.stdout == b""


async def test_sleeping_past_the_wall_limit_is_a_wall_time_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    run = await run_source(
        sandbox, languages["c"], "#include <unistd.h>\nint main(void){sleep(30);}", limits=FAST
    )
    report = run.result.report
    assert (report.outcome, report.time_limit_kind) == (RunOutcome.TIME_LIMIT, TimeLimitKind.WALL)
    assert 3000 <= report.wall_ms < 4000
    assert report.cpu_ms < 100


async def test_stdout_flood_stops_at_the_cap(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = '#include <stdio.h>\nint main(void){for(;;) fputs("flood flood flood\\n", stdout);}'
    limits = RunLimits(cpu_ms=5000, wall_ms=5000, stdout_bytes=1 << 20)
    run = await run_source(sandbox, languages["c"], source, limits=limits)
    assert run.result.report.outcome is RunOutcome.OUTPUT_LIMIT
    assert run.result.stdout_bytes == len(run.stdout) == 1 << 20


async def test_stderr_flood_stops_at_the_cap(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = '#include <stdio.h>\nint main(void){for(;;) fputs("noise noise\\n", stderr);}'
    limits = RunLimits(cpu_ms=5000, wall_ms=5000, stderr_bytes=64 * 1024)
    run = await run_source(sandbox, languages["c"], source, limits=limits)
    assert run.result.report.outcome is RunOutcome.OUTPUT_LIMIT
    assert len(run.result.stderr) == 64 * 1024


async def test_writing_a_huge_file_hits_the_file_size_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = (
        '#include <stdio.h>\nint main(void){static char b[1<<20]; FILE*f=fopen("big.bin","w");'
        "for(int i=0;i<1024;i++) fwrite(b,1,sizeof b,f); fclose(f); return 0;}"
    )
    limits = RunLimits(cpu_ms=5000, wall_ms=5000, memory_kib=256 * 1024, file_size_bytes=16 << 20)
    run = await run_source(sandbox, languages["c"], source, limits=limits)
    assert run.result.report.outcome is RunOutcome.OUTPUT_LIMIT
    assert run.result.report.signal == "SIGXFSZ"


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[str] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, address = server.accept()
            except TimeoutError:
                continue
            accepted.append(str(address))
            connection.close()

    thread = threading.Thread(target=serve)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    server.close()


async def test_network_is_unreachable(
    sandbox: IsolatedSandbox, languages: dict[str, Language], listener: tuple[int, list[str]]
) -> None:
    port, accepted = listener
    source = f"""
import json, socket
results = {{}}
for host, port in [("127.0.0.1", {port}), ("127.0.0.1", 5432), ("1.1.1.1", 80), ("8.8.8.8", 53)]:
    try:
        socket.create_connection((host, port), timeout=1).close()
        results[f"{{host}}:{{port}}"] = "connected"
    except OSError as error:
        results[f"{{host}}:{{port}}"] = type(error).__name__
print(json.dumps(results))
"""
    run = await run_source(sandbox, languages["python3"], source, limits=RunLimits(wall_ms=10000))
    assert run.result.report.outcome is RunOutcome.OK, run.result.stderr
    results = json.loads(run.stdout)
    assert "connected" not in results.values()
    assert accepted == []


async def test_secrets_of_the_host_are_invisible(
    sandbox: IsolatedSandbox, languages: dict[str, Language], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://judge:secret@localhost/judge")
    source = f"""
import json, os
seen = {{"env": sorted(os.environ)}}
paths = ["/etc/shadow", "{PROJECT_ROOT}/.env", "{PROJECT_ROOT}/pyproject.toml", "/root", "/proc/1/environ"]
for path in paths:
    try:
        with open(path, "rb") as f:
            seen[path] = f.read(10).hex()
    except OSError as error:
        seen[path] = type(error).__name__
seen["uid"] = os.getuid()
seen["procs"] = sorted(p for p in os.listdir("/proc") if p.isdigit())
print(json.dumps(seen))
"""
    run = await run_source(sandbox, languages["python3"], source)
    assert run.result.report.outcome is RunOutcome.OK, run.result.stderr
    seen = json.loads(run.stdout)
    assert seen["env"] == ["HOME", "LANG", "PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED", "TMPDIR"]
    assert seen["/etc/shadow"] == "FileNotFoundError"
    assert seen[f"{PROJECT_ROOT}/.env"] == "FileNotFoundError"
    assert seen[f"{PROJECT_ROOT}/pyproject.toml"] == "FileNotFoundError"
    assert seen["/root"] == "IsADirectoryError" or seen["/root"] == "FileNotFoundError"
    assert seen["/proc/1/environ"] in ("FileNotFoundError", "PermissionError")
    assert seen["uid"] in sandbox.slot_uids
    assert len(seen["procs"]) == 1, "only the program itself is visible"


async def test_writing_outside_the_box_fails(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    targets = [
        "/usr/escape",
        "/etc/escape",
        "/escape",
        f"{PROJECT_ROOT}/escape",
        "/dev/escape",
        "/proc/escape",
        "/box/../escape",
        "/tmp/private-to-this-run",
    ]
    source = f"""
import json
result = {{}}
for path in {targets!r}:
    try:
        with open(path, "w") as f:
            f.write("x")
        result[path] = "written"
    except OSError as error:
        result[path] = type(error).__name__
print(json.dumps(result))
"""
    run = await run_source(sandbox, languages["python3"], source)
    result = json.loads(run.stdout)
    assert [path for path, verdict in result.items() if verdict == "written"] == ["/tmp/private-to-this-run"]
    assert not await asyncio.to_thread(os.path.exists, f"{PROJECT_ROOT}/escape")
    assert not await asyncio.to_thread(os.path.exists, "/escape")
    # the run's /tmp is emptied before the next run of any slot
    probe = (
        "import os\nprint(sorted(os.listdir('/tmp')), sorted(os.listdir('/dev/shm')),"
        " sorted(n for n in os.listdir('.') if n != '__pycache__'))"
    )
    for _ in range(2):
        again = await run_source(sandbox, languages["python3"], probe)
        assert again.stdout == b"[] [] ['main.py']\n"


async def test_setsid_daemon_does_not_outlive_the_run(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = r"""
#include <stdio.h>
#include <unistd.h>
int main(void) {
    if (fork() == 0) {
        setsid();
        if (fork() == 0) { for (;;) sleep(1); }
        return 0;
    }
    puts("parent leaves");
    return 0;
}
"""
    run = await run_source(sandbox, languages["c"], source, limits=RunLimits(processes=4))
    assert run.result.report.outcome is RunOutcome.OK
    assert run.stdout == b"parent leaves\n"
    assert run.result.report.wall_ms < 1000


@pytest.mark.parametrize("sig", ["SIGSTOP", "SIGKILL", "SIGTERM"])
async def test_signalling_the_parent_changes_nothing(
    sandbox: IsolatedSandbox, languages: dict[str, Language], sig: str
) -> None:
    source = (
        "#include <signal.h>\n#include <stdio.h>\n#include <unistd.h>\n"
        f"int main(void){{int r=kill(getppid(),{sig}); int k=kill(-1,SIGKILL);"
        ' printf("%d %d alive\\n",r,k);}'
    )
    run = await run_source(sandbox, languages["c"], source)
    # the parent is the run's init, running as root (EPERM); kill(-1) finds nobody else in the pid namespace
    assert run.result.report.outcome is RunOutcome.OK
    assert run.stdout == b"-1 -1 alive\n"
    check = await run_source(sandbox, languages["c"], "int main(void){return 0;}")
    assert check.result.report.outcome is RunOutcome.OK


async def test_symlinks_in_the_box_are_not_followed_when_collecting(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = (
        "import os\nos.symlink('/etc/passwd', 'feedback.txt')\nos.mkfifo('fifo.txt')\n"
        "os.mkdir('dir')\nos.symlink('/etc', 'dir/link')\nopen('dir/ok.txt', 'w').write('fine')\n"
    )
    run = await run_source(
        sandbox,
        languages["python3"],
        source,
        collect=["feedback.txt", "fifo.txt", "dir/link/passwd", "dir/ok.txt"],
    )
    assert run.result.report.outcome is RunOutcome.OK, run.result.stderr
    assert run.result.collected == {"dir/ok.txt": b"fine"}


async def test_compilation_that_never_ends_is_a_time_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = (
        "constexpr long f() { long s = 0; for (long i = 0; i < 200000; i++) for (long j = 0; j < 200000; j++)"
        " s += i ^ j; return s; }\nconstexpr long v = f();\nint main() { return (int)v; }\n"
    )
    limits = RunLimits(cpu_ms=2000, wall_ms=4000, memory_kib=1024 * 1024, processes=64, stdout_bytes=1 << 16)
    compiled = await compile_source(sandbox, languages["cpp"], source, limits=limits)
    assert compiled.artifact is None
    assert compiled.report.outcome is RunOutcome.TIME_LIMIT
    assert not compiled.cached


async def test_compiler_output_flood_is_truncated(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = "int main(void) {\n" + "".join(f"  undefined_{i} = 1;\n" for i in range(5000)) + "}\n"
    compiled = await compile_source(sandbox, languages["c"], source)
    assert compiled.artifact is None
    assert compiled.report.outcome is RunOutcome.RUNTIME_ERROR
    assert 60 * 1024 < len(compiled.output.encode()) <= 64 * 1024


async def test_locked_directories_left_behind_are_still_cleaned(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = (
        "import os\nfor base in ['.', '/tmp', '/dev/shm']:\n"
        "    os.makedirs(f'{base}/a/b')\n    open(f'{base}/a/b/f', 'w').write('x')\n"
        "    os.symlink('/usr', f'{base}/a/link')\n"
        "    os.chmod(f'{base}/a/b', 0)\n    os.chmod(f'{base}/a', 0)\n"
    )
    planted = await run_source(sandbox, languages["python3"], source)
    assert planted.result.report.outcome is RunOutcome.OK, planted.result.stderr
    probe = (
        "import os\nprint(sorted(os.listdir('/tmp')), sorted(os.listdir('/dev/shm')),"
        " sorted(n for n in os.listdir('.') if n != '__pycache__'))"
    )
    for _ in range(2):
        again = await run_source(sandbox, languages["python3"], probe)
        assert again.stdout == b"[] [] ['main.py']\n"


async def test_a_slot_s_next_runs_owe_nothing_to_a_bomb_before_them(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    """A slot keeps its cgroups from run to run: what a memory bomb and a CPU burner charged, and the bomb's
    OOM kill, must not show in the runs after them, in whichever slot they land."""
    bomb = (
        "#include <stdlib.h>\n#include <string.h>\n"
        "int main(void){for(;;){char*p=malloc(16<<20); if(!p) return 3; memset(p,1,16<<20);}}"
    )
    burner = "int main(void){volatile unsigned long i=0; for(;;) i++;}"
    for _ in range(sandbox.slot_count):
        run = await run_source(sandbox, languages["c"], bomb, limits=FAST)
        assert run.result.report.outcome is RunOutcome.MEMORY_LIMIT
        run = await run_source(sandbox, languages["c"], burner, limits=replace(FAST, cpu_ms=300))
        assert run.result.report.outcome is RunOutcome.TIME_LIMIT
    for _ in range(2 * sandbox.slot_count):
        run = await run_source(sandbox, languages["c"], "int main(void){return 0;}", limits=FAST)
        report = run.result.report
        assert report.outcome is RunOutcome.OK, report
        assert report.cpu_ms < 100
        assert report.memory_kib < 8 * 1024


async def test_an_oom_that_picks_the_init_leaves_the_zygote_alive(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    """The program charges its memory limit with tmpfs pages (in no process's rss) and a 4 KiB buffer, so
    the memory cgroup's OOM killer may choose the run's init, whose rss is the size of the zygote's. The
    victim's memory must not be the zygote's: the run is a memory limit and the next run works."""
    source = r"""
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    static char buf[4096];
    memset(buf, 7, sizeof buf);
    char name[64];
    for (int f = 0; f < 100000; f++) {
        snprintf(name, sizeof name, "/tmp/f%d", f);
        int fd = open(name, O_WRONLY | O_CREAT, 0600);
        if (fd < 0) return 2;
        for (int i = 0; i < 4096; i++) if (write(fd, buf, sizeof buf) != sizeof buf) return 4;
        close(fd);
    }
    for (;;) { char *p = malloc(4096); if (!p) return 3; memset(p, 1, 4096); }
}
"""
    limits = RunLimits(cpu_ms=3000, wall_ms=6000, memory_kib=64 * 1024, processes=1)
    for _ in range(3):
        run = await run_source(sandbox, languages["c"], source, limits=limits)
        assert run.result.report.outcome is RunOutcome.MEMORY_LIMIT, run.result.report
        after = await run_source(sandbox, languages["c"], '#include <stdio.h>\nint main(void){puts("ok");}')
        assert after.stdout == b"ok\n", after.result.report
