/*
 * sbx: the per-slot sandbox zygote.
 *
 * Started once per slot inside bubblewrap (which builds the read-only mount tree and the slot's network, UTS,
 * IPC and pid namespaces), it mounts /proc (hidepid) and the tmpfs for /box, /tmp and /dev/shm once, then
 * serves run requests over a SOCK_SEQPACKET control socket.  For every run it clones an init process into
 * fresh pid and ipc namespaces; the init joins the run's cgroups and vfork-spawns the program, which sets its
 * rlimits, drops to the slot's own uid with no capabilities and execs.  When the program exits the init exits,
 * and the kernel kills everything left in the pid namespace (daemons, orphans).  The zygote pumps
 * stdout/stderr into the sinks it was given, enforces the wall and cgroup CPU limits and the output caps,
 * empties the tmpfs directories without following links and the uid's keyrings, and replies with what
 * happened.
 *
 * Mounts are per slot, not per run, on purpose: tearing down a mount namespace waits for an RCU grace
 * period (about 3 ms here), more than the whole budget of a run.
 *
 * Usage: sbx CTL_FD SECURE UID GID BOX_DIR TMPFS_BYTES
 *
 * The requests and replies on the control socket are defined once, in wire.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <linux/keyctl.h>
#include <linux/sched.h>

#include "seccomp.h"
#include "wire.h"

#define MSG_MAX 65536
#define MAX_FDS 16
#define MAX_ARGS 512
#define PUMP_CHUNK 65536

enum { CPU_NONE = 0, CPU_V1_NS = 1, CPU_V2_STAT = 2 };
enum { KILL_NONE = 0, KILL_CPU, KILL_WALL, KILL_STDOUT, KILL_STDERR };
static const char *kill_names[] = {"none", "cpu", "wall", "stdout", "stderr"};

static int ctl_fd;
/* The slot's cgroups ("G"): the CPU, memory peak and OOM counter files, then the files a run joins. */
static int slot_cg[MAX_FDS], slot_ncg = 0, slot_cpu_kind = 0;
static int secure;
static uid_t sandbox_uid;
static gid_t sandbox_gid;
static const char *box_dir;
static int64_t tmpfs_bytes;
static const char *const scratch[] = {"/box", "/tmp", "/dev/shm"};

/* The integer keys of a run request (wire.h), one field each. */
struct run_params {
#define X(name) int64_t name;
    SBX_RUN_INTS(X)
#undef X
};

static const struct {
    const char *name;
    size_t offset;
} run_keys[] = {
#define X(name) {#name, offsetof(struct run_params, name)},
    SBX_RUN_INTS(X)
#undef X
};
#define N_RUN_KEYS (sizeof run_keys / sizeof *run_keys)

struct request {
    struct run_params p;
    int ncgroups;
    int in_fd, out_sink, err_sink, cpu_fd;
    int cgroup_fds[MAX_FDS];
    char *argv[MAX_ARGS + 1];
    char *envp[MAX_ARGS + 1];
};

/* Every key of a run reply (wire.h); all of them are always sent. */
struct run_reply {
#define X(name) int64_t name;
    SBX_REPLY_INTS(X)
#undef X
#define X(name) const char *name;
    SBX_REPLY_STRS(X)
#undef X
};

/* What the init (or the program before exec) tells the zygote, in a shared page (`status_page`): writing
 * it wakes nobody. The zygote learns that the init is gone from a pidfd and reads the page only then; the
 * init keeps the output pipes' write ends open until it exits, so the program's own exit wakes nobody
 * either (before, the zygote woke for the pipes' hang-ups and the status message while the program was
 * still exiting, and preempted it there). `kind` is written last: a page whose writer was killed half-way
 * reads as no message. */
struct status_msg {
    char kind; /* 'S' program status, 'E' setup error, 0 none */
    int value; /* wait status or errno */
    int64_t cpu_us, maxrss_kib;
    int64_t end_us; /* 'S': when the init reaped the program (CLOCK_MONOTONIC, as now_us) */
    char where[48];
};

static struct status_msg *status_page;

static void post_status(const struct status_msg *m) {
    struct status_msg copy = *m;
    char kind = copy.kind;
    copy.kind = 0;
    *status_page = copy;
    __atomic_store_n(&status_page->kind, kind, __ATOMIC_RELEASE);
}

static int64_t now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void reply(const char *fmt, ...) {
    char buf[4096];
    buf[0] = 'D';
    buf[1] = '\0';
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + 2, sizeof buf - 2, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if (n > (int)sizeof buf - 3) n = (int)sizeof buf - 3;
    /* fields are separated by '\n' in the format; turn them into NULs for the wire */
    for (int i = 2; i < 2 + n; i++)
        if (buf[i] == '\n') buf[i] = '\0';
    while (send(ctl_fd, buf, (size_t)(2 + n), MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

/* Appends "key=value" and its NUL terminator; a field that does not fit is dropped (the service then
 * refuses the reply as incomplete rather than reading a truncated value). */
static void put_field(char *buf, size_t *used, size_t size, const char *key, const char *fmt, ...) {
    char value[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    int n = snprintf(buf + *used, size - *used, "%s=%s", key, value);
    if (n >= 0 && *used + (size_t)n + 1 <= size) *used += (size_t)n + 1;
}

static void send_run_reply(const struct run_reply *d) {
    char buf[4096];
    size_t used = 2;
    buf[0] = 'D';
    buf[1] = '\0';
#define X(name) put_field(buf, &used, sizeof buf, #name, "%" PRId64, d->name);
    SBX_REPLY_INTS(X)
#undef X
#define X(name) put_field(buf, &used, sizeof buf, #name, "%s", d->name);
    SBX_REPLY_STRS(X)
#undef X
    while (send(ctl_fd, buf, used, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

/* The run did not happen: says why, with every other reply key at its neutral value. */
static void reply_setup_error(const char *fmt, ...) {
    char err[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, sizeof err, fmt, ap);
    va_end(ap);
    struct run_reply d = {.code = -1, .cg_cpu_us = -1, .cg_mem_peak = -1, .cg_oom_kills = -1,
                          .status = "setup_error", .killed = "none", .sink_error = "", .reset_error = "",
                          .err = err};
    send_run_reply(&d);
}

static void setup_fail(const char *where) {
    struct status_msg m = {.kind = 'E', .value = errno};
    snprintf(m.where, sizeof m.where, "%s", where);
    post_status(&m);
    _exit(127);
}

static int write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int mount_scratch(const char *path) {
    char opts[160];
    int box = strcmp(path, "/box") == 0;
    umount2(path, MNT_DETACH);
    snprintf(opts, sizeof opts, "size=%" PRId64 ",nr_inodes=65536,mode=%s,uid=%u,gid=%u", tmpfs_bytes,
             box ? "0755" : "1777", box ? sandbox_uid : 0, box ? sandbox_gid : 0);
    return mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, opts);
}

/* Removes everything below dfd; never follows a symlink (unlinkat removes the link itself). */
static int empty_dir(int dfd) {
    int fd = dup(dfd);
    if (fd < 0) return -1;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (unlinkat(dfd, e->d_name, 0) == 0) continue;
        if (errno != EISDIR) {
            rc = -1;
            continue;
        }
        int child = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (child < 0 || empty_dir(child) < 0) rc = -1;
        if (child >= 0) close(child);
        if (unlinkat(dfd, e->d_name, AT_REMOVEDIR) < 0) rc = -1;
    }
    closedir(d);
    return rc;
}

/* Whether the directory carries extended attributes a program could have set (user.*, or an ACL's system.*):
 * the owner of /box may store data there that emptying the directory would not remove. */
static int has_program_xattrs(int fd) {
    char names[1024];
    ssize_t n = flistxattr(fd, names, sizeof names);
    if (n < 0) return errno == ERANGE; /* too many to list: certainly some */
    for (ssize_t i = 0; i < n; i += (ssize_t)strlen(names + i) + 1)
        if (strncmp(names + i, "security.", 9) != 0) return 1;
    return 0;
}

/* The scratch root as mount_scratch made it: its mode and owner, no extended attributes; its times are set
 * to now (the owner of /box may have set them to any value). Anything else is a channel from this run to the
 * next one, and the directory is mounted afresh instead. */
static int scratch_root_is_fresh(int fd, int box) {
    struct stat st;
    if (fstat(fd, &st) < 0) return 0;
    mode_t mode = box ? 0755 : 01777;
    uid_t uid = box ? sandbox_uid : 0;
    gid_t gid = box ? sandbox_gid : 0;
    if ((st.st_mode & 07777) != mode || st.st_uid != uid || st.st_gid != gid) return 0;
    return !has_program_xattrs(fd) && futimens(fd, NULL) == 0;
}

/* Empties the scratch tmpfs; a tree the program made unremovable, or a root it changed (mode, extended
 * attributes), is replaced by a fresh mount instead. With `keep_box`, /box is left as it is: only after a run
 * that had it mounted read-only (nothing in it can have changed), see the run key keep_box. */
static const char *clean_scratch(int keep_box) {
    for (size_t i = keep_box ? 1 : 0; i < sizeof scratch / sizeof *scratch; i++) {
        int fd = open(scratch[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int ok = fd >= 0 && empty_dir(fd) == 0 && scratch_root_is_fresh(fd, i == 0);
        if (fd >= 0) close(fd);
        if (!ok && mount_scratch(scratch[i]) < 0) return strerror(errno);
    }
    return "";
}

static void set_limit(int resource, int64_t value, const char *where) {
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = value < 0 ? RLIM_INFINITY : (rlim_t)value;
    if (setrlimit(resource, &rl) < 0) setup_fail(where);
}

static void exec_program(const struct request *r, int out_w, int err_w) {
    if (secure && setsid() < 0) setup_fail("setsid");
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL); /* the only disposition the zygote changed (see reset_signals) */

    /* Move everything above the standard descriptors first so dup2 never clobbers a source. */
    int in = fcntl(r->in_fd, F_DUPFD_CLOEXEC, 10);
    int out = fcntl(out_w, F_DUPFD_CLOEXEC, 10);
    int err = fcntl(err_w, F_DUPFD_CLOEXEC, 10);
    if (in < 0 || out < 0 || err < 0) setup_fail("dup");
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) setup_fail("dup2");
    if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0) setup_fail("close_range");

    if (chdir(secure ? "/box" : box_dir) < 0) setup_fail("chdir");
    set_limit(RLIMIT_CPU, r->p.cpu_ms / 1000 + 2, "rlimit cpu");
    set_limit(RLIMIT_FSIZE, r->p.file_size, "rlimit fsize");
    set_limit(RLIMIT_NOFILE, r->p.open_files, "rlimit nofile");
    set_limit(RLIMIT_STACK, r->p.stack, "rlimit stack");
    set_limit(RLIMIT_CORE, 0, "rlimit core");
    set_limit(RLIMIT_MEMLOCK, 0, "rlimit memlock");

    if (secure) {
        /* The bounding set is already empty (the zygote dropped it once, drop_bounding_set). Raw system calls: this runs in a vfork-style child sharing the init's memory, where glibc's
         * wrappers would consult (and could signal) the parent's thread list. */
        if (syscall(SYS_setgroups, 0, NULL) < 0) setup_fail("setgroups");
        if (syscall(SYS_setresgid, sandbox_gid, sandbox_gid, sandbox_gid) < 0) setup_fail("setresgid");
        if (syscall(SYS_setresuid, sandbox_uid, sandbox_uid, sandbox_uid) < 0) setup_fail("setresuid");
        if (getuid() != sandbox_uid || geteuid() != sandbox_uid) setup_fail("uid check");
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) setup_fail("no_new_privs");
    if (sbx_install_seccomp() < 0) setup_fail("seccomp");
    execve(r->argv[0], r->argv, r->envp);
    setup_fail("execve");
}

struct exec_args {
    const struct request *r;
    int out_w, err_w;
};

static int exec_child(void *arg) {
    const struct exec_args *a = arg;
    exec_program(a->r, a->out_w, a->err_w);
    return 127; /* not reached: exec_program execs or exits */
}

/* The program's process is made vfork-style (CLONE_VM | CLONE_VFORK): no page tables are copied, which
 * saves ~0.1 ms per run against fork. The init sleeps until the child has exec'd or exited, and the child
 * only makes system calls on its own stack and fds (see exec_program), so sharing the memory is safe. */
static char exec_stack[64 * 1024] __attribute__((aligned(16)));

static void init_main(const struct request *r, int out_w, int err_w) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (!secure) setpgid(0, 0);
    for (int i = 0; i < r->ncgroups; i++)
        if (write(r->cgroup_fds[i], "0", 1) != 1) setup_fail("join cgroup");
    struct exec_args args = {r, out_w, err_w};
    pid_t prog = clone(exec_child, exec_stack + sizeof exec_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
    if (prog < 0) setup_fail("fork");

    /* out_w and err_w stay open until the init exits (see struct status_msg) */
    close(r->in_fd);
    close(r->out_sink);
    if (r->err_sink != r->out_sink) close(r->err_sink);
    for (;;) {
        int wstatus;
        struct rusage ru;
        pid_t w = wait4(-1, &wstatus, 0, &ru);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) _exit(0);
        if (w == prog) {
            struct status_msg m = {.kind = 'S', .value = wstatus, .end_us = now_us()};
            m.cpu_us = (int64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 + ru.ru_utime.tv_usec +
                       ru.ru_stime.tv_usec;
            m.maxrss_kib = ru.ru_maxrss;
            /* the program's own setup error (before exec) stays the message */
            if (__atomic_load_n(&status_page->kind, __ATOMIC_ACQUIRE) != 'E') post_status(&m);
            if (!secure) kill(0, SIGKILL);
            _exit(0);
        }
    }
}

static int64_t read_cpu_us(int fd, int kind) {
    char buf[1024];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return -1;
    buf[n] = '\0';
    if (kind == CPU_V1_NS) return strtoll(buf, NULL, 10) / 1000;
    char *p = strstr(buf, "usage_usec ");
    return p ? strtoll(p + 11, NULL, 10) : -1;
}

struct stream {
    int fd, sink;
    int64_t cap, total, written;
    int overflow_kill;
};

/* Returns 1 when the cap was crossed and the run must be killed. */
static int pump(struct stream *s, char *buf, int *sink_error) {
    ssize_t n = read(s->fd, buf, PUMP_CHUNK);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
    if (n <= 0) {
        close(s->fd);
        s->fd = -1;
        return 0;
    }
    s->total += n;
    int64_t room = s->cap - s->written;
    int64_t keep = n < room ? n : room;
    if (keep > 0) {
        if (write_all(s->sink, buf, (size_t)keep) < 0) *sink_error = errno;
        s->written += keep;
    }
    return s->total > s->cap && s->overflow_kill;
}

/* One run in flight, from the clone of its init to the reply. */
struct run {
    const struct request *r;
    pid_t init;
    struct stream out, err;
    int pidfd; /* the init's: readable once it has exited */
    struct status_msg msg;
    int killed, sink_error;
    int64_t start, end, deadline, grace_end, cpu_us;
};

/* Pipes, then the init in fresh pid and ipc namespaces. On failure the reply is sent and -1 returned. */
/* The box's mount flag, flipped by the zygote around one run (one run per slot at a time): a program may
 * not create files where it runs, as the ICPC package format's default says; /tmp stays writable. */
static int set_box_read_only(int read_only) {
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | (read_only ? MS_RDONLY : 0);
    return mount(NULL, "/box", NULL, flags, NULL);
}

/* The init is a fork of the zygote (its own memory, fd table, pid and ipc namespaces) that reports through
 * the shared status page. It does not share the zygote's memory (CLONE_VM would save ~0.1 ms per run): the
 * memory cgroup's OOM killer may pick the init as its victim (a program whose charge is in tmpfs pages has a
 * smaller rss than the init) and kills every process sharing the victim's memory, which would be the zygote
 * (`test_an_oom_that_picks_the_init_leaves_the_zygote_alive`). It makes system calls and never runs untrusted
 * code (the program gets a new memory at exec). */
struct init_args {
    const struct request *r;
    int out_r, err_r, out_w, err_w;
};
static struct init_args init_args;
static char init_stack[64 * 1024] __attribute__((aligned(16)));

static int init_entry(void *arg) {
    const struct init_args *a = arg;
    close(a->out_r);
    if (a->err_r >= 0) close(a->err_r);
    init_main(a->r, a->out_w, a->err_w);
    return 0; /* not reached: init_main exits */
}

static int start_run(struct run *run, const struct request *r) {
    int outp[2], errp[2];
    if (pipe2(outp, O_CLOEXEC) < 0) {
        reply_setup_error("pipe: %s", strerror(errno));
        return -1;
    }
    if (r->p.merge) {
        errp[0] = -1;
        errp[1] = outp[1];
    } else if (pipe2(errp, O_CLOEXEC) < 0) {
        reply_setup_error("pipe: %s", strerror(errno));
        return -1;
    }
    int read_only = secure && r->p.ro_box;
    if (read_only && set_box_read_only(1) < 0) {
        reply_setup_error("read-only box: %s", strerror(errno));
        return -1;
    }
    memset(status_page, 0, sizeof *status_page);
    init_args = (struct init_args){r, outp[0], errp[0], outp[1], errp[1]};
    int pidfd = -1;
    int flags = (secure ? CLONE_NEWPID | CLONE_NEWIPC : 0) | CLONE_PIDFD | SIGCHLD;
    int64_t start = now_us();
    pid_t init = clone(init_entry, init_stack + sizeof init_stack, flags, &init_args, &pidfd);
    if (init < 0) {
        if (read_only) set_box_read_only(0);
        reply_setup_error("clone: %s", strerror(errno));
        return -1;
    }
    close(outp[1]);
    if (!r->p.merge) close(errp[1]);
    *run = (struct run){
        .r = r,
        .init = init,
        .out = {outp[0], r->out_sink, r->p.stdout_cap, 0, 0, !r->p.truncate},
        .err = {r->p.merge ? -1 : errp[0], r->err_sink, r->p.stderr_cap, 0, 0, !r->p.truncate},
        .pidfd = pidfd,
        .start = start,
        .deadline = start + r->p.wall_ms * 1000,
    };
    return 0;
}

/* How long poll may sleep: until the wall deadline or the earliest moment the CPU limit can be crossed. */
static int64_t poll_timeout_us(struct run *run, int64_t t) {
    const struct request *r = run->r;
    if (run->pidfd < 0) {
        /* The init is gone; in insecure mode an escaped daemon could hold the pipes open forever. */
        if (run->grace_end == 0) run->grace_end = t + 200000;
        return run->grace_end - t;
    }
    if (run->killed) return 1000000;
    int64_t timeout = run->deadline - t;
    if (r->p.cpu_kind != CPU_NONE) {
        int ncpu = r->p.ncpu > 0 ? (int)r->p.ncpu : 1;
        int64_t cpu_left = (r->p.cpu_ms * 1000 - run->cpu_us) / ncpu + 1000;
        if (cpu_left < timeout) timeout = cpu_left;
    }
    return timeout;
}

static void kill_run(struct run *run, int reason, int64_t t) {
    run->killed = reason;
    run->end = t;
    kill(secure ? run->init : -run->init, SIGKILL);
}

/* The init has exited: what it (or the program before exec) left in the status page is final. */
static void read_status(struct run *run) {
    int64_t t = now_us();
    close(run->pidfd);
    run->pidfd = -1;
    run->msg = *status_page;
    if (run->msg.kind != 'S' && run->msg.kind != 'E') run->msg.kind = 0;
    if (run->end == 0) run->end = run->msg.kind == 'S' ? run->msg.end_us : t;
}

/* Kills the run at its cgroup CPU limit or its wall deadline. */
static void enforce_time_limits(struct run *run) {
    const struct request *r = run->r;
    int64_t t = now_us();
    if (r->p.cpu_kind != CPU_NONE) {
        int64_t c = read_cpu_us(r->cpu_fd, (int)r->p.cpu_kind);
        if (c >= 0) run->cpu_us = c;
        if (run->cpu_us > r->p.cpu_ms * 1000) {
            kill_run(run, KILL_CPU, t);
            return;
        }
    }
    if (t >= run->deadline) kill_run(run, KILL_WALL, t);
}

/* Pumps the output pipes into their sinks and watches the limits until the run is over. */
static void supervise(struct run *run) {
    static char buf[PUMP_CHUNK];
    while (run->out.fd >= 0 || run->err.fd >= 0 || run->pidfd >= 0) {
        struct pollfd p[3];
        int np = 0, io = -1, ie = -1, is = -1;
        if (run->out.fd >= 0) { io = np; p[np++] = (struct pollfd){.fd = run->out.fd, .events = POLLIN}; }
        if (run->err.fd >= 0) { ie = np; p[np++] = (struct pollfd){.fd = run->err.fd, .events = POLLIN}; }
        if (run->pidfd >= 0) { is = np; p[np++] = (struct pollfd){.fd = run->pidfd, .events = POLLIN}; }
        int64_t timeout_us = poll_timeout_us(run, now_us());
        if (timeout_us < 0) timeout_us = 0;
        int rc = poll(p, (nfds_t)np, (int)((timeout_us + 999) / 1000));
        if (rc < 0 && errno != EINTR) break;
        int capped = KILL_NONE;
        if (rc > 0) {
            if (io >= 0 && p[io].revents && pump(&run->out, buf, &run->sink_error)) capped = KILL_STDOUT;
            if (ie >= 0 && p[ie].revents && pump(&run->err, buf, &run->sink_error) && !capped) capped = KILL_STDERR;
            if (is >= 0 && p[is].revents) read_status(run);
        }
        if (capped && !run->killed) {
            run->killed = capped;
            if (run->end == 0) kill_run(run, capped, now_us());
        }
        if (run->pidfd >= 0 && !run->killed) enforce_time_limits(run);
        if (run->pidfd < 0 && run->grace_end && now_us() >= run->grace_end) break;
        if (run->killed && run->pidfd < 0) {
            /* after a kill nothing more is wanted from the pipes */
            if (run->out.fd >= 0) { close(run->out.fd); run->out.fd = -1; }
            if (run->err.fd >= 0) { close(run->err.fd); run->err.fd = -1; }
        }
    }
    if (run->out.fd >= 0) close(run->out.fd);
    if (run->err.fd >= 0) close(run->err.fd);
    if (run->pidfd >= 0) close(run->pidfd);
}

/* Empties the keyrings a run of the sandbox uid could have left keys in: a backstop behind the seccomp filter,
 * which already refuses every keyring call. The uid's user and user-session keyrings outlive every process
 * (a later run of the slot would find their keys), and the slot's session keyring is shared by its runs. The
 * kernel finds a process's user keyrings by its real uid, so the zygote takes the sandbox uid as its real uid
 * for those calls; its effective and saved uids stay 0, so it keeps its capabilities and switches back.
 * No keyring support in the kernel (ENOSYS) means there is nothing to clear. */
static const char *clear_keyrings(void) {
    static char problem[96];
    const int rings[] = {KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING, KEY_SPEC_SESSION_KEYRING};
    if (setresuid(sandbox_uid, (uid_t)-1, (uid_t)-1) < 0) {
        snprintf(problem, sizeof problem, "keyrings: setresuid: %s", strerror(errno));
        return problem;
    }
    int failed = 0, failed_ring = 0;
    for (size_t i = 0; i < sizeof rings / sizeof *rings; i++) {
        if (syscall(SYS_keyctl, KEYCTL_CLEAR, rings[i]) < 0 && errno != ENOSYS && !failed) {
            failed = errno;
            failed_ring = rings[i];
        }
    }
    if (setresuid(0, (uid_t)-1, (uid_t)-1) < 0 || getuid() != 0) {
        fprintf(stderr, "sbx: cannot take back uid 0 after clearing keyrings: %s\n", strerror(errno));
        _exit(1); /* the slot restarts; never serve another run with a wrong uid */
    }
    if (!failed) return "";
    snprintf(problem, sizeof problem, "keyrings: clearing %d: %s", failed_ring, strerror(failed));
    return problem;
}

/* The slot's counters once the run is over (its init reaped): CPU, memory peak, OOM kills; -1 if unread. */
static void read_slot_counters(int64_t *cpu_us, int64_t *peak, int64_t *oom_kills) {
    char buf[1024];
    *cpu_us = read_cpu_us(slot_cg[0], slot_cpu_kind);
    ssize_t n = pread(slot_cg[1], buf, sizeof buf - 1, 0);
    if (n > 0) {
        buf[n] = '\0';
        *peak = strtoll(buf, NULL, 10);
    }
    n = pread(slot_cg[2], buf, sizeof buf - 1, 0);
    if (n > 0) {
        buf[n] = '\0';
        char *p = strstr(buf, "oom_kill ");
        *oom_kills = p ? strtoll(p + 9, NULL, 10) : 0;
    }
}

/* Reaps the init, empties the scratch directories if asked, and replies with what happened. */
static void finish_run(struct run *run) {
    int istatus;
    while (waitpid(run->init, &istatus, 0) < 0 && errno == EINTR) {
    }
    if (run->end == 0) run->end = now_us();
    int64_t cg_cpu = -1, cg_mem = -1, cg_oom = -1;
    if (run->r->p.slot_cgroups) read_slot_counters(&cg_cpu, &cg_mem, &cg_oom);
    char err[128] = "";
    const char *reset = "";
    if (secure && run->r->p.ro_box && set_box_read_only(0) < 0)
        reset = "the box could not be made writable again";
    else if (secure && run->r->p.clean)
        reset = clean_scratch(run->r->p.ro_box && run->r->p.keep_box);
    if (secure) {
        const char *keys = clear_keyrings();
        if (!*reset) reset = keys;
    }
    struct run_reply d = {
        .code = -1,
        .wall_us = run->end - run->start,
        .out_bytes = run->out.total,
        .err_bytes = run->err.total,
        .ru_cpu_us = run->msg.cpu_us,
        .ru_maxrss_kib = run->msg.maxrss_kib,
        .cg_cpu_us = cg_cpu,
        .cg_mem_peak = cg_mem,
        .cg_oom_kills = cg_oom,
        .status = "killed",
        .killed = kill_names[run->killed],
        .sink_error = run->sink_error ? strerror(run->sink_error) : "",
        .reset_error = reset,
        .err = err,
    };
    if (run->msg.kind == 'E') {
        d.status = "setup_error";
        snprintf(err, sizeof err, "%s: %s", run->msg.where, strerror(run->msg.value));
    } else if (run->msg.kind == 'S' && WIFEXITED(run->msg.value)) {
        d.status = "exited";
        d.code = WEXITSTATUS(run->msg.value);
    } else if (run->msg.kind == 'S' && WIFSIGNALED(run->msg.value)) {
        d.status = "signaled";
        d.sig = WTERMSIG(run->msg.value);
    }
    send_run_reply(&d);
}

static void handle_run(const struct request *r) {
    struct run run;
    if (start_run(&run, r) < 0) return;
    supervise(&run);
    finish_run(&run);
}

/* Reads a run request's fields into `r`; NULL when every key came exactly once, else what is wrong.
 * Nothing has a default: a key the service renamed or forgot must fail loudly, not run with other limits. */
static const char *parse_run(char *fields, char *end, struct request *r) {
    static char problem[160];
    int seen[N_RUN_KEYS] = {0};
    int nargs = 0, nenv = 0;
    for (char *f = fields, *next; f < end; f = next) {
        next = f + strlen(f) + 1;
        char *eq = strchr(f, '=');
        if (!eq) {
            snprintf(problem, sizeof problem, "a field without '=': %.40s", f);
            return problem;
        }
        *eq = '\0';
        const char *key = f, *value = eq + 1;
        if (!strcmp(key, "arg") || !strcmp(key, "env")) {
            int is_arg = key[0] == 'a';
            int *count = is_arg ? &nargs : &nenv;
            if (*count >= MAX_ARGS) return is_arg ? "too many arguments" : "too many environment variables";
            (is_arg ? r->argv : r->envp)[(*count)++] = (char *)value;
            continue;
        }
        size_t k = 0;
        while (k < N_RUN_KEYS && strcmp(run_keys[k].name, key)) k++;
        if (k == N_RUN_KEYS) {
            snprintf(problem, sizeof problem, "unknown key %.40s", key);
            return problem;
        }
        char *rest;
        errno = 0;
        long long number = strtoll(value, &rest, 10);
        if (seen[k]++ || errno || rest == value || *rest) {
            const char *what = seen[k] > 1 ? "repeated" : "a bad value for";
            snprintf(problem, sizeof problem, "%s key %s", what, run_keys[k].name);
            return problem;
        }
        *(int64_t *)((char *)&r->p + run_keys[k].offset) = number;
    }
    for (size_t k = 0; k < N_RUN_KEYS; k++) {
        if (!seen[k]) {
            snprintf(problem, sizeof problem, "missing key %s", run_keys[k].name);
            return problem;
        }
    }
    if (nargs == 0) return "no arg";
    if (r->p.cpu_kind < CPU_NONE || r->p.cpu_kind > CPU_V2_STAT) return "a bad value for key cpu_kind";
    r->argv[nargs] = NULL;
    r->envp[nenv] = NULL;
    return NULL;
}

/* Hands the received fds to the request: stdin, the sinks, the CPU file if any, then cgroups to join; with
 * slot_cgroups only the streams come with the request, the rest is the slot's (see "G"). */
static const char *assign_fds(struct request *r, const int *fds, int nfds) {
    static char problem[64];
    if (r->p.slot_cgroups) {
        if (nfds != 3) return "slot_cgroups: 3 fds needed";
        if (slot_ncg < 4 || r->p.cpu_kind != slot_cpu_kind) return "slot_cgroups: no cgroups sent";
        r->in_fd = fds[0];
        r->out_sink = fds[1];
        r->err_sink = fds[2];
        r->cpu_fd = slot_cg[0];
        r->ncgroups = slot_ncg - 3;
        memcpy(r->cgroup_fds, slot_cg + 3, sizeof(int) * (size_t)r->ncgroups);
        return NULL;
    }
    int need = 3 + (r->p.cpu_kind != CPU_NONE);
    if (nfds < need) {
        snprintf(problem, sizeof problem, "%d fds, %d needed", nfds, need);
        return problem;
    }
    r->in_fd = fds[0];
    r->out_sink = fds[1];
    r->err_sink = fds[2];
    r->cpu_fd = need == 4 ? fds[3] : -1;
    r->ncgroups = nfds - need;
    memcpy(r->cgroup_fds, fds + need, sizeof(int) * (size_t)r->ncgroups);
    return NULL;
}

static int receive(char *msg, int *fds, int *nfds) {
    char cbuf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
    for (;;) {
        struct iovec iov = {msg, MSG_MAX};
        struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
        ssize_t n = recvmsg(ctl_fd, &mh, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        msg[n] = '\0';
        *nfds = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
                for (int i = 0; i < k && *nfds < MAX_FDS; i++)
                    memcpy(&fds[(*nfds)++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            }
        }
        return (int)n;
    }
}

static void serve(void) {
    static char msg[MSG_MAX + 1];
    for (;;) {
        int fds[MAX_FDS], nfds = 0;
        int n = receive(msg, fds, &nfds);
        if (n < 0) _exit(0);
        if (n >= 2 && msg[0] == 'B' && msg[1] == '\0') {
            const char *error = n > 2 ? "unexpected fields" : secure ? clean_scratch(0) : "";
            if (*error) reply("err=clean: %s", error);
            else reply("ok=1");
        } else if (n >= 2 && msg[0] == 'G' && msg[1] == '\0') {
            long kind = n > 2 && !strncmp(msg + 2, "cpu_kind=", 9) ? strtol(msg + 11, NULL, 10) : -1;
            if (kind <= CPU_NONE || kind > CPU_V2_STAT || nfds < 4) {
                reply("err=bad cgroups");
            } else {
                for (int i = 0; i < slot_ncg; i++) close(slot_cg[i]);
                memcpy(slot_cg, fds, sizeof(int) * (size_t)nfds);
                slot_ncg = nfds;
                slot_cpu_kind = (int)kind;
                nfds = 0; /* kept, not closed below */
                reply("ok=1");
            }
        } else if (n >= 2 && msg[0] == 'R' && msg[1] == '\0') {
            struct request r = {.cpu_fd = -1};
            const char *problem = parse_run(msg + 2, msg + n, &r);
            if (!problem) problem = assign_fds(&r, fds, nfds);
            if (problem) reply_setup_error("bad request: %s", problem);
            else handle_run(&r);
        } else {
            reply("err=unknown request");
        }
        for (int i = 0; i < nfds; i++) close(fds[i]);
    }
}

/* Every signal's disposition to its default and none blocked, once: a program then only needs SIGPIPE's
 * reset (the zygote ignores it), not a system call per signal per run. */
static void reset_signals(void) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
}

/* The zygote empties its capability bounding set once, which every init and program inherits: no program
 * can gain a capability at exec (nor could it with no_new_privs), and the zygote keeps its own effective
 * ones, which the bounding set does not limit (it never execs). Per run, this was 64 prctl calls. */
static int drop_bounding_set(void) {
    for (int cap = 0; cap <= 63; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) return -1;
    return 0;
}

/* Tells the service our pid as it sees it: the kernel translates SCM_CREDENTIALS across pid namespaces. */
static int send_ready(void) {
    char hello[] = "READY";
    struct ucred cred = {.pid = getpid(), .uid = getuid(), .gid = getgid()};
    char cbuf[CMSG_SPACE(sizeof cred)];
    memset(cbuf, 0, sizeof cbuf);
    struct iovec iov = {hello, sizeof hello};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof cred);
    memcpy(CMSG_DATA(c), &cred, sizeof cred);
    return sendmsg(ctl_fd, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: sbx CTL_FD SECURE UID GID BOX_DIR TMPFS_BYTES\n");
        return 2;
    }
    ctl_fd = atoi(argv[1]);
    secure = atoi(argv[2]);
    sandbox_uid = (uid_t)atoi(argv[3]);
    sandbox_gid = (gid_t)atoi(argv[4]);
    box_dir = argv[5];
    tmpfs_bytes = strtoll(argv[6], NULL, 10);
    reset_signals();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    status_page = mmap(NULL, sizeof *status_page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (status_page == MAP_FAILED) {
        perror("sbx: mmap the status page");
        return 1;
    }
    if (secure) {
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
            perror("sbx: make / private");
            return 1;
        }
        umount2("/proc", MNT_DETACH);
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") < 0) {
            perror("sbx: mount /proc");
            return 1;
        }
        for (size_t i = 0; i < sizeof scratch / sizeof *scratch; i++) {
            if (mount_scratch(scratch[i]) < 0) {
                fprintf(stderr, "sbx: mount %s: %s\n", scratch[i], strerror(errno));
                return 1;
            }
        }
        /* A session keyring of the slot's own instead of the worker's (which may have one, e.g. under
         * systemd): runs inherit it, and clear_keyrings empties it after each of them. */
        if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 && errno != ENOSYS) {
            perror("sbx: join a new session keyring");
            return 1;
        }
        if (drop_bounding_set() < 0) {
            perror("sbx: drop the capability bounding set");
            return 1;
        }
    }
    if (send_ready() < 0) return 1;
    serve();
    return 0;
}
