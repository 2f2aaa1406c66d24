/*
 * The seccomp filter installed right before execve (hand-built BPF, no library).
 *
 * Policy, checked in this order; every refusal is an error return, never a kill, so a probing program keeps
 * running and gets an ordinary verdict:
 *   - a syscall of another architecture (i386 int 0x80): the process is killed (its numbers mean other calls);
 *   - x32 syscalls (nr with bit 30): ENOSYS;
 *   - keyrings, namespaces, mounts, io_uring, bpf, perf, userfaultfd, ptrace, cross-process memory, modules,
 *     kexec, inotify, file handles: EPERM;
 *   - clone3: ENOSYS (glibc then falls back to clone, whose flags a filter can read);
 *   - clone with any CLONE_NEW* flag: EPERM;
 *   - socket/socketpair of any family but AF_UNIX: EAFNOSUPPORT;
 *   - flock and fcntl F_SETLK/F_SETLKW/F_OFD_SETLK/F_OFD_SETLKW: succeed without taking a lock, so no run
 *     can hold a lock another run (on another slot) could observe on the shared read-only files.
 */
#define _GNU_SOURCE
#include "seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#ifndef F_OFD_SETLK
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif
#define X32_SYSCALL_BIT 0x40000000U
#define NS_FLAGS                                                                                   \
    (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
     CLONE_NEWNET)

#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n))  /* little endian: the low 32 bits */
#define RET(action) BPF_STMT(BPF_RET | BPF_K, (action))
#define FAIL(err) RET(SECCOMP_RET_ERRNO | (err))
#define LOAD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))

static const int denied[] = {
    __NR_add_key, __NR_keyctl, __NR_request_key,
    __NR_unshare, __NR_setns,
    __NR_mount, __NR_umount2, __NR_pivot_root, __NR_chroot,
    __NR_open_tree, __NR_move_mount, __NR_fsopen, __NR_fsconfig, __NR_fsmount, __NR_fspick,
#ifdef __NR_mount_setattr
    __NR_mount_setattr,
#endif
    __NR_io_uring_setup, __NR_io_uring_enter, __NR_io_uring_register,
    __NR_bpf, __NR_perf_event_open, __NR_userfaultfd,
    __NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev,
    __NR_init_module, __NR_finit_module, __NR_delete_module,
    __NR_kexec_load, __NR_kexec_file_load,
    __NR_inotify_init, __NR_inotify_init1, __NR_fanotify_init,
    __NR_name_to_handle_at, __NR_open_by_handle_at,
};
#define N_DENIED (sizeof denied / sizeof *denied)

/* What a syscall number leads to. The filter finds the number by binary search over the sorted special
 * numbers, then jumps to one shared block per action: ~8 instructions for any number instead of a linear
 * scan of every special one. The kernel emulates the filter for each syscall number when it is installed
 * (to cache the always-allowed ones), so the scan cost ~80 us per run against ~10 us for the search. */
enum action { A_CLONE, A_SOCKET, A_FCNTL, A_NOOP, A_ENOSYS, A_EPERM, A_ALLOW, A_EAFNOSUPPORT, N_ACTIONS };

struct special {
    unsigned nr;
    enum action action;
};

static struct special specials[N_DENIED + 6];
static unsigned n_specials;

static void add_special(unsigned nr, enum action action) {
    unsigned i = n_specials++;
    while (i > 0 && specials[i - 1].nr > nr) {
        specials[i] = specials[i - 1];
        i--;
    }
    specials[i] = (struct special){nr, action};
}

/* Instructions the search over specials[lo, hi) takes (see emit_search). */
static unsigned search_size(unsigned lo, unsigned hi) {
    if (hi - lo <= 4) return hi - lo + 1;
    unsigned mid = (lo + hi) / 2;
    return 1 + search_size(lo, mid) + search_size(mid, hi);
}

/* Emits the search over specials[lo, hi) at f[*n] with the syscall number in the accumulator; `blocks`
 * holds each action block's index. A jump that does not fit BPF's 8-bit offsets fails the whole filter. */
static int emit_search(struct sock_filter *f, unsigned *n, unsigned lo, unsigned hi, const unsigned *blocks) {
    if (hi - lo <= 4) {
        for (unsigned i = lo; i < hi; i++) {
            unsigned to = blocks[specials[i].action] - (*n + 1);
            if (to > 255) return -1;
            f[*n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, specials[i].nr, (unsigned char)to, 0);
            (*n)++;
        }
        f[(*n)++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
        return 0;
    }
    unsigned mid = (lo + hi) / 2;
    unsigned left = search_size(lo, mid);
    if (left > 255) return -1;
    /* nr >= specials[mid].nr: skip the left half */
    f[(*n)++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, specials[mid].nr, (unsigned char)left, 0);
    if (emit_search(f, n, lo, mid, blocks) < 0) return -1;
    return emit_search(f, n, mid, hi, blocks);
}

/* Emits a jump at f[*n] whose targets are action blocks (or -1: the next instruction); -1 when an offset does
 * not fit. A BPF_JA jumps by k, to `jt`'s block. */
static int emit_jump(struct sock_filter *f, unsigned *n, unsigned short code, unsigned k, int jt, int jf,
                     const unsigned *blocks) {
    unsigned next = *n + 1;
    unsigned t = jt < 0 ? 0 : blocks[jt] - next, e = jf < 0 ? 0 : blocks[jf] - next;
    if (t > 255 || e > 255) return -1;
    if (BPF_OP(code) == BPF_JA) f[*n] = (struct sock_filter)BPF_JUMP(code, t, 0, 0);
    else f[*n] = (struct sock_filter)BPF_JUMP(code, k, (unsigned char)t, (unsigned char)e);
    *n = next;
    return 0;
}

/* Builds the filter into f (room for `room` instructions); its length, or -1. */
int sbx_build_seccomp(struct sock_filter *f, unsigned room) {
    n_specials = 0;
    for (unsigned i = 0; i < N_DENIED; i++) add_special((unsigned)denied[i], A_EPERM);
    add_special(__NR_clone3, A_ENOSYS);
    add_special(__NR_clone, A_CLONE);
    add_special(__NR_socket, A_SOCKET);
    add_special(__NR_socketpair, A_SOCKET);
    add_special(__NR_flock, A_NOOP);
    add_special(__NR_fcntl, A_FCNTL);
    for (unsigned i = 1; i < n_specials; i++)
        if (specials[i].nr == specials[i - 1].nr) return -1; /* one number, two rules: a mistake */

    static const unsigned block_size[N_ACTIONS] = {
        [A_CLONE] = 2, [A_SOCKET] = 2, [A_FCNTL] = 6, [A_NOOP] = 1, [A_ENOSYS] = 1,
        [A_EPERM] = 1, [A_ALLOW] = 1, [A_EAFNOSUPPORT] = 1,
    };
    const unsigned prefix = 6;
    unsigned blocks[N_ACTIONS];
    unsigned at = prefix + search_size(0, n_specials);
    for (int a = 0; a < N_ACTIONS; a++) {
        blocks[a] = at;
        at += block_size[a];
    }
    if (at > room) return -1;

    unsigned n = 0;
    const unsigned short jeq = BPF_JMP | BPF_JEQ | BPF_K;
    int bad = 0;
#define EMIT(...) f[n++] = (struct sock_filter)__VA_ARGS__
#define JUMP(code, k, jt, jf) bad |= emit_jump(f, &n, (code), (k), (jt), (jf), blocks)
    EMIT(LOAD(offsetof(struct seccomp_data, arch)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    EMIT(RET(SECCOMP_RET_KILL_PROCESS));
    EMIT(LOAD(offsetof(struct seccomp_data, nr)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1));
    EMIT(FAIL(ENOSYS));
    if (n != prefix || emit_search(f, &n, 0, n_specials, blocks) < 0) return -1;
    /* A_CLONE: clone(flags, ...): namespace flags refused, any other clone allowed */
    EMIT(LOAD(ARG_LO(0)));
    JUMP(BPF_JMP | BPF_JSET | BPF_K, NS_FLAGS, A_EPERM, A_ALLOW);
    /* A_SOCKET: socket(domain, ...) and socketpair(domain, ...): AF_UNIX only */
    EMIT(LOAD(ARG_LO(0)));
    JUMP(jeq, AF_UNIX, A_ALLOW, A_EAFNOSUPPORT);
    /* A_FCNTL: the lock-taking commands succeed and do nothing (A_NOOP, as flock) */
    EMIT(LOAD(ARG_LO(1)));
    JUMP(jeq, F_SETLK, A_NOOP, -1);
    JUMP(jeq, F_SETLKW, A_NOOP, -1);
    JUMP(jeq, F_OFD_SETLK, A_NOOP, -1);
    JUMP(jeq, F_OFD_SETLKW, A_NOOP, -1);
    JUMP(BPF_JMP | BPF_JA, 0, A_ALLOW, -1);
    EMIT(FAIL(0));      /* A_NOOP */
    EMIT(FAIL(ENOSYS)); /* A_ENOSYS */
    EMIT(FAIL(EPERM));  /* A_EPERM */
    EMIT(RET(SECCOMP_RET_ALLOW));
    EMIT(FAIL(EAFNOSUPPORT));
#undef JUMP
#undef EMIT
    return !bad && n == at ? (int)n : -1;
}

int sbx_install_seccomp(void) {
    struct sock_filter f[256];
    int n = sbx_build_seccomp(f, sizeof f / sizeof *f);
    if (n < 0) {
        errno = EINVAL;
        return -1;
    }
    struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}
