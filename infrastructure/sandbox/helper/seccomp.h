/* The seccomp filter every program, compiler and checker runs under (policy in seccomp.c). */
#ifndef SBX_SECCOMP_H
#define SBX_SECCOMP_H

struct sock_filter;

/* Builds the filter into f (room for `room` instructions); its length, or -1 (then nothing may run). */
int sbx_build_seccomp(struct sock_filter *f, unsigned room);

/* Installs the filter on the calling thread; needs PR_SET_NO_NEW_PRIVS first. 0, or -1 with errno. */
int sbx_install_seccomp(void);

#endif
