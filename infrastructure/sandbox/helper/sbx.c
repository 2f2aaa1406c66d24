/*
 * sbx: the per-slot sandbox zygote.
 *
 * Started once per slot inside bubblewrap (which builds the read-only mount tree and the slot's network, UTS,
 * IPC and pid namespaces), it mounts /proc (hidepid) and the tmpfs for /box, /tmp and /dev/shm once, then
 * serves run requests over a SOCK_SEQPACKET control socket.  For every run it clones an init process into
 * fresh pid and ipc namespaces; the init joins the run's cgroups and forks the program, which sets its
 * rlimits, drops to the sandbox uid with no capabilities and execs.  When the program exits the init exits,
 * and the kernel kills everything left in the pid namespace (daemons, orphans).  The zygote pumps
 * stdout/stderr into the sinks it was given, enforces the wall and cgroup CPU limits and the output caps,
 * empties the tmpfs directories without following links, and replies with what happened.
 *
 * Mounts are per slot, not per run, on purpose: tearing down a mount namespace waits for an RCU grace
 * period (about 3 ms here), more than the whole budget of a run.
 *
 * Usage: sbx CTL_FD SECURE UID GID BOX_DIR TMPFS_BYTES
 *
 * Request  "R" NUL key=value NUL ... with SCM_RIGHTS fds: stdin, stdout sink, stderr sink, [cpu usage file],
 *          cgroup.procs files to join.   Reply "D" NUL key=value NUL ...
 * Request  "B" NUL: empty /box, /tmp and /dev/shm.  Reply "D" NUL ok=1 or err=...
 * A run request with clean=1 does the same after the run, before replying.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MSG_MAX 65536
#define MAX_FDS 16
#define MAX_ARGS 512
#define PUMP_CHUNK 65536

enum { CPU_NONE = 0, CPU_V1_NS = 1, CPU_V2_STAT = 2 };
enum { KILL_NONE = 0, KILL_CPU, KILL_WALL, KILL_STDOUT, KILL_STDERR };
static const char *kill_names[] = {"none", "cpu", "wall", "stdout", "stderr"};

static int ctl_fd;
static int secure;
static uid_t sandbox_uid;
static gid_t sandbox_gid;
static const char *box_dir;
static int64_t tmpfs_bytes;
static const char *const scratch[] = {"/box", "/tmp", "/dev/shm"};

struct request {
    int64_t cpu_ms, wall_ms, fsize, nofile, stack, stdout_cap, stderr_cap, ncpu, clean;
    int merge, truncate, cpu_kind, ncgroups;
    int in_fd, out_sink, err_sink, cpu_fd;
    int cgroup_fds[MAX_FDS];
    char *argv[MAX_ARGS + 1];
    char *envp[MAX_ARGS + 1];
};

/* What the init (or the program before exec) tells the zygote through the status pipe. */
struct status_msg {
    char kind; /* 'S' program status, 'E' setup error */
    int value; /* wait status or errno */
    int64_t cpu_us, maxrss_kib;
    char where[48];
};

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

static void setup_fail(int fd, const char *where) {
    struct status_msg m = {.kind = 'E', .value = errno};
    snprintf(m.where, sizeof m.where, "%s", where);
    if (write(fd, &m, sizeof m) < 0) {
    }
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

/* Empties the scratch tmpfs; a tree the program made unremovable is replaced by a fresh mount instead. */
static const char *clean_scratch(void) {
    for (size_t i = 0; i < sizeof scratch / sizeof *scratch; i++) {
        int fd = open(scratch[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int ok = fd >= 0 && empty_dir(fd) == 0;
        if (fd >= 0) close(fd);
        if (!ok && mount_scratch(scratch[i]) < 0) return strerror(errno);
    }
    return "";
}

static void set_limit(int fd, int resource, int64_t value, const char *where) {
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = value < 0 ? RLIM_INFINITY : (rlim_t)value;
    if (setrlimit(resource, &rl) < 0) setup_fail(fd, where);
}

static void exec_program(struct request *r, int out_w, int err_w, int status_w) {
    if (secure && setsid() < 0) setup_fail(status_w, "setsid");
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);

    /* Move everything above the standard descriptors first so dup2 never clobbers a source. */
    int in = fcntl(r->in_fd, F_DUPFD_CLOEXEC, 10);
    int out = fcntl(out_w, F_DUPFD_CLOEXEC, 10);
    int err = fcntl(err_w, F_DUPFD_CLOEXEC, 10);
    int st = fcntl(status_w, F_DUPFD_CLOEXEC, 10);
    if (in < 0 || out < 0 || err < 0 || st < 0) setup_fail(status_w, "dup");
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) setup_fail(st, "dup2");
    if (dup3(st, 3, O_CLOEXEC) < 0) setup_fail(st, "dup3");
    st = 3;
    if (syscall(SYS_close_range, 4U, ~0U, 0U) < 0) setup_fail(st, "close_range");

    if (chdir(secure ? "/box" : box_dir) < 0) setup_fail(st, "chdir");
    set_limit(st, RLIMIT_CPU, r->cpu_ms / 1000 + 2, "rlimit cpu");
    set_limit(st, RLIMIT_FSIZE, r->fsize, "rlimit fsize");
    set_limit(st, RLIMIT_NOFILE, r->nofile, "rlimit nofile");
    set_limit(st, RLIMIT_STACK, r->stack, "rlimit stack");
    set_limit(st, RLIMIT_CORE, 0, "rlimit core");

    if (secure) {
        for (int cap = 0; cap <= 63; cap++)
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) setup_fail(st, "capbset");
        if (setgroups(0, NULL) < 0) setup_fail(st, "setgroups");
        if (setresgid(sandbox_gid, sandbox_gid, sandbox_gid) < 0) setup_fail(st, "setresgid");
        if (setresuid(sandbox_uid, sandbox_uid, sandbox_uid) < 0) setup_fail(st, "setresuid");
        if (getuid() != sandbox_uid || geteuid() != sandbox_uid) setup_fail(st, "uid check");
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) setup_fail(st, "no_new_privs");
    execve(r->argv[0], r->argv, r->envp);
    setup_fail(st, "execve");
}

static void init_main(struct request *r, int out_w, int err_w, int status_w) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (!secure) setpgid(0, 0);
    for (int i = 0; i < r->ncgroups; i++)
        if (write(r->cgroup_fds[i], "0", 1) != 1) setup_fail(status_w, "join cgroup");
    pid_t prog = fork();
    if (prog < 0) setup_fail(status_w, "fork");
    if (prog == 0) exec_program(r, out_w, err_w, status_w);

    close(out_w);
    if (err_w != out_w) close(err_w);
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
            struct status_msg m = {.kind = 'S', .value = wstatus};
            m.cpu_us = (int64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 + ru.ru_utime.tv_usec +
                       ru.ru_stime.tv_usec;
            m.maxrss_kib = ru.ru_maxrss;
            if (write(status_w, &m, sizeof m) < 0) {
            }
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

static void handle_run(struct request *r) {
    int outp[2], errp[2], stp[2];
    if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(stp, O_CLOEXEC) < 0) {
        reply("status=setup_error\nerr=pipe: %s", strerror(errno));
        return;
    }
    if (r->merge) {
        errp[0] = -1;
        errp[1] = outp[1];
    } else if (pipe2(errp, O_CLOEXEC) < 0) {
        reply("status=setup_error\nerr=pipe: %s", strerror(errno));
        return;
    }
    int64_t start = now_us();
    pid_t init = secure ? (pid_t)syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWIPC | SIGCHLD, 0, 0, 0, 0)
                        : fork();
    if (init < 0) {
        reply("status=setup_error\nerr=clone: %s", strerror(errno));
        return;
    }
    if (init == 0) {
        close(outp[0]);
        if (errp[0] >= 0) close(errp[0]);
        close(stp[0]);
        init_main(r, outp[1], errp[1], stp[1]);
    }
    close(outp[1]);
    if (!r->merge) close(errp[1]);
    close(stp[1]);

    static char buf[PUMP_CHUNK];
    struct stream out = {outp[0], r->out_sink, r->stdout_cap, 0, 0, !r->truncate};
    struct stream err = {r->merge ? -1 : errp[0], r->err_sink, r->stderr_cap, 0, 0, !r->truncate};
    if (r->merge) out.cap = r->stdout_cap;
    int st_fd = stp[0];
    struct status_msg msg = {.kind = 0};
    int killed = KILL_NONE, sink_error = 0;
    int64_t end = 0, deadline = start + r->wall_ms * 1000, grace_end = 0;
    int64_t cpu_limit_us = r->cpu_ms * 1000, cpu_us = 0;
    int ncpu = r->ncpu > 0 ? (int)r->ncpu : 1;

    while (out.fd >= 0 || err.fd >= 0 || st_fd >= 0) {
        struct pollfd p[3];
        int np = 0, io = -1, ie = -1, is = -1;
        if (out.fd >= 0) { io = np; p[np++] = (struct pollfd){.fd = out.fd, .events = POLLIN}; }
        if (err.fd >= 0) { ie = np; p[np++] = (struct pollfd){.fd = err.fd, .events = POLLIN}; }
        if (st_fd >= 0) { is = np; p[np++] = (struct pollfd){.fd = st_fd, .events = POLLIN}; }
        int64_t t = now_us();
        int64_t timeout_us;
        if (st_fd < 0) {
            /* The init is gone; in insecure mode an escaped daemon could hold the pipes open forever. */
            if (grace_end == 0) grace_end = t + 200000;
            timeout_us = grace_end - t;
        } else if (killed) {
            timeout_us = 1000000;
        } else {
            timeout_us = deadline - t;
            if (r->cpu_kind != CPU_NONE) {
                int64_t cpu_left = (cpu_limit_us - cpu_us) / ncpu + 1000;
                if (cpu_left < timeout_us) timeout_us = cpu_left;
            }
        }
        if (timeout_us < 0) timeout_us = 0;
        int rc = poll(p, (nfds_t)np, (int)((timeout_us + 999) / 1000));
        if (rc < 0 && errno != EINTR) break;
        if (rc > 0) {
            if (io >= 0 && p[io].revents && pump(&out, buf, &sink_error) && !killed) killed = KILL_STDOUT;
            if (ie >= 0 && p[ie].revents && pump(&err, buf, &sink_error) && !killed) killed = KILL_STDERR;
            if (is >= 0 && p[is].revents) {
                struct status_msg m;
                ssize_t n = read(st_fd, &m, sizeof m);
                if (n == (ssize_t)sizeof m) {
                    if (msg.kind != 'E') msg = m;
                    if (m.kind == 'S' && end == 0) end = now_us();
                } else if (n <= 0 && !(n < 0 && errno == EINTR)) {
                    close(st_fd);
                    st_fd = -1;
                    if (end == 0) end = now_us();
                }
            }
        }
        if (killed && killed != KILL_CPU && killed != KILL_WALL && end == 0) {
            end = now_us();
            kill(secure ? init : -init, SIGKILL);
        }
        if (st_fd >= 0 && !killed) {
            t = now_us();
            if (r->cpu_kind != CPU_NONE) {
                int64_t c = read_cpu_us(r->cpu_fd, r->cpu_kind);
                if (c >= 0) cpu_us = c;
                if (cpu_us > cpu_limit_us) killed = KILL_CPU;
            }
            if (!killed && t >= deadline) killed = KILL_WALL;
            if (killed) {
                end = t;
                kill(secure ? init : -init, SIGKILL);
            }
        }
        if (st_fd < 0 && grace_end && now_us() >= grace_end) break;
        if (killed && (out.fd >= 0 || err.fd >= 0) && st_fd < 0) {
            /* after a kill nothing more is wanted from the pipes */
            if (out.fd >= 0) { close(out.fd); out.fd = -1; }
            if (err.fd >= 0) { close(err.fd); err.fd = -1; }
        }
    }
    if (out.fd >= 0) close(out.fd);
    if (err.fd >= 0) close(err.fd);
    if (st_fd >= 0) close(st_fd);
    int istatus;
    while (waitpid(init, &istatus, 0) < 0 && errno == EINTR) {
    }
    if (end == 0) end = now_us();

    const char *reset_error = secure && r->clean ? clean_scratch() : "";

    const char *status = "killed";
    int code = -1, sig = 0;
    if (msg.kind == 'E') {
        status = "setup_error";
    } else if (msg.kind == 'S') {
        if (WIFEXITED(msg.value)) {
            status = "exited";
            code = WEXITSTATUS(msg.value);
        } else if (WIFSIGNALED(msg.value)) {
            status = "signaled";
            sig = WTERMSIG(msg.value);
        }
    }
    reply("status=%s\ncode=%d\nsig=%d\nkilled=%s\nwall_us=%" PRId64 "\nout_bytes=%" PRId64 "\nerr_bytes=%" PRId64
          "\nru_cpu_us=%" PRId64 "\nru_maxrss_kib=%" PRId64 "\nsink_error=%s\nreset_error=%s\nerr=%s%s%s",
          status, code, sig, kill_names[killed], end - start, out.total, err.total, msg.cpu_us, msg.maxrss_kib,
          sink_error ? strerror(sink_error) : "", reset_error, msg.kind == 'E' ? msg.where : "", msg.kind == 'E' ? ": " : "",
          msg.kind == 'E' ? strerror(msg.value) : "");
}

static int64_t field_int(const char *v) { return strtoll(v, NULL, 10); }

static void serve(void) {
    static char msgbuf[MSG_MAX + 1];
    char cbuf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
    for (;;) {
        struct iovec iov = {msgbuf, MSG_MAX};
        struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
        ssize_t n = recvmsg(ctl_fd, &mh, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(0);
        msgbuf[n] = '\0';
        int fds[MAX_FDS], nfds = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
                for (int i = 0; i < k && nfds < MAX_FDS; i++) memcpy(&fds[nfds++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            }
        }
        struct request r = {.cpu_ms = 1000, .wall_ms = 3000, .fsize = -1, .nofile = 64, .stack = -1,
                            .stdout_cap = 1 << 20, .stderr_cap = 1 << 16, .ncpu = 1,
                            .cpu_fd = -1};
        int nargs = 0, nenv = 0, has_cpu_fd = 0;
        for (char *f = msgbuf + 2; f < msgbuf + n; f += strlen(f) + 1) {
            char *eq = strchr(f, '=');
            if (!eq) continue;
            *eq = '\0';
            const char *k = f, *v = eq + 1;
            if (!strcmp(k, "arg") && nargs < MAX_ARGS) r.argv[nargs++] = (char *)v;
            else if (!strcmp(k, "env") && nenv < MAX_ARGS) r.envp[nenv++] = (char *)v;
            else if (!strcmp(k, "cpu_ms")) r.cpu_ms = field_int(v);
            else if (!strcmp(k, "wall_ms")) r.wall_ms = field_int(v);
            else if (!strcmp(k, "fsize")) r.fsize = field_int(v);
            else if (!strcmp(k, "nofile")) r.nofile = field_int(v);
            else if (!strcmp(k, "stack")) r.stack = field_int(v);
            else if (!strcmp(k, "stdout_cap")) r.stdout_cap = field_int(v);
            else if (!strcmp(k, "stderr_cap")) r.stderr_cap = field_int(v);
            else if (!strcmp(k, "ncpu")) r.ncpu = field_int(v);
            else if (!strcmp(k, "merge")) r.merge = (int)field_int(v);
            else if (!strcmp(k, "truncate")) r.truncate = (int)field_int(v);
            else if (!strcmp(k, "cpu_kind")) { r.cpu_kind = (int)field_int(v); has_cpu_fd = r.cpu_kind != CPU_NONE; }
            else if (!strcmp(k, "clean")) r.clean = (int)field_int(v);
            *eq = '=';
        }
        r.argv[nargs] = NULL;
        r.envp[nenv] = NULL;
        if (msgbuf[0] == 'B') {
            const char *error = secure ? clean_scratch() : "";
            if (*error) reply("err=clean: %s", error);
            else reply("ok=1");
        } else if (msgbuf[0] == 'R') {
            int need = 3 + has_cpu_fd;
            if (nfds < need || nargs == 0) {
                reply("status=setup_error\nerr=bad request: %d fds, %d args", nfds, nargs);
            } else {
                r.in_fd = fds[0];
                r.out_sink = fds[1];
                r.err_sink = fds[2];
                if (has_cpu_fd) r.cpu_fd = fds[3];
                r.ncgroups = nfds - need;
                memcpy(r.cgroup_fds, fds + need, sizeof(int) * (size_t)r.ncgroups);
                handle_run(&r);
            }
        } else {
            reply("err=unknown request");
        }
        for (int i = 0; i < nfds; i++) close(fds[i]);
    }
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
    signal(SIGPIPE, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
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
    }
    if (send_ready() < 0) return 1;
    serve();
    return 0;
}
