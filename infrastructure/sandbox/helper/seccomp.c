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
#define IF_NR(nr, skip_if_not) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, (skip_if_not))
#define DENY(nr) IF_NR(nr, 1), FAIL(EPERM)

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

int sbx_install_seccomp(void) {
    struct sock_filter f[16 + 2 * N_DENIED + 32];
    unsigned n = 0;
#define EMIT(...) f[n++] = (struct sock_filter)__VA_ARGS__
    EMIT(LOAD(offsetof(struct seccomp_data, arch)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    EMIT(RET(SECCOMP_RET_KILL_PROCESS));
    EMIT(LOAD(offsetof(struct seccomp_data, nr)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1));
    EMIT(FAIL(ENOSYS));
    for (unsigned i = 0; i < N_DENIED; i++) {
        EMIT(IF_NR((unsigned)denied[i], 1));
        EMIT(FAIL(EPERM));
    }
    EMIT(IF_NR(__NR_clone3, 1));
    EMIT(FAIL(ENOSYS));
    /* clone(flags, ...): namespace flags refused, any other clone allowed */
    EMIT(IF_NR(__NR_clone, 4));
    EMIT(LOAD(ARG_LO(0)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NS_FLAGS, 0, 1));
    EMIT(FAIL(EPERM));
    EMIT(RET(SECCOMP_RET_ALLOW));
    /* socket(domain, ...) and socketpair(domain, ...): AF_UNIX only */
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 1, 0));
    EMIT(IF_NR(__NR_socketpair, 4));
    EMIT(LOAD(ARG_LO(0)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 0, 1));
    EMIT(RET(SECCOMP_RET_ALLOW));
    EMIT(FAIL(EAFNOSUPPORT));
    /* locks: flock and the fcntl lock-taking commands succeed and do nothing */
    EMIT(IF_NR(__NR_flock, 1));
    EMIT(FAIL(0));
    EMIT(IF_NR(__NR_fcntl, 7));
    EMIT(LOAD(ARG_LO(1)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, F_SETLK, 4, 0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, F_SETLKW, 3, 0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, F_OFD_SETLK, 2, 0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, F_OFD_SETLKW, 1, 0));
    EMIT(RET(SECCOMP_RET_ALLOW));
    EMIT(FAIL(0));
    EMIT(RET(SECCOMP_RET_ALLOW));
#undef EMIT
    struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}
