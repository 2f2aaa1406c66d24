/*
 * The wire format between the service and the zygote: the one definition of every key.
 *
 * sbx.c expands these lists into its request and reply structs, its parser and its reply writer;
 * infrastructure/sandbox/wire.py reads the key names from this file. A key renamed, added or removed here
 * changes both sides at once, and a side that still sends an old key is refused: the zygote rejects
 * unknown, repeated and missing keys instead of falling back to defaults.
 *
 * Run request  "R" NUL key=value NUL ...   every SBX_RUN_INTS key exactly once (a decimal integer), then
 *              one or more "arg" (argv, in order) and any number of "env" ("NAME=value"); SCM_RIGHTS fds:
 *              stdin, stdout sink, stderr sink, the cgroup CPU usage file when cpu_kind is not 0, then the
 *              cgroup.procs files the run joins.
 * Run reply    "D" NUL key=value NUL ...   every SBX_REPLY_INTS and SBX_REPLY_STRS key exactly once.
 * Clean        "B" NUL (no keys): empty /box, /tmp and /dev/shm.  Reply "D" NUL ok=1, or "D" NUL err=...
 * Cgroups      "G" NUL cpu_kind=K NUL   the slot's cgroups, kept until the next "G": SCM_RIGHTS fds: the CPU
 *              usage file, the memory peak file (v1 memory.max_usage_in_bytes), memory.oom_control, then the
 *              files the runs join. Runs with slot_cgroups=1 join and read these.  Reply "D" NUL ok=1.
 */
#ifndef SBX_WIRE_H
#define SBX_WIRE_H

#define SBX_RUN_INTS(X)                                                                         \
    X(cpu_ms)     /* CPU time of the run's cgroup, ms (RLIMIT_CPU is a backstop above it) */    \
    X(wall_ms)    /* wall-clock time, ms */                                                     \
    X(file_size)  /* RLIMIT_FSIZE, bytes; -1 unlimited */                                        \
    X(open_files) /* RLIMIT_NOFILE */                                                            \
    X(stack)      /* RLIMIT_STACK, bytes; -1 unlimited */                                        \
    X(stdout_cap) /* bytes of stdout written to its sink */                                      \
    X(stderr_cap) /* bytes of stderr written to its sink */                                      \
    X(ncpu)       /* CPUs the run may use: how fast its CPU time can grow */                     \
    X(merge)      /* 1: stderr goes to stdout's pipe and sink */                                 \
    X(truncate)   /* 1: past a cap, output is dropped and the run goes on; 0: the run is killed */ \
    X(cpu_kind)   /* the CPU usage file: 0 none, 1 cgroup v1 cpuacct.usage (ns), 2 v2 cpu.stat */  \
    X(clean)      /* 1: empty the scratch directories after the run, before replying */        \
    X(ro_box)     /* 1: /box is read-only during the run (the problem forbids file writing) */      \
    X(keep_box)   /* 1 (with clean and ro_box): /box is not emptied after the run, for the next run of \
                     the same files (a read-only run cannot have changed it); /tmp, /dev/shm are */ \
    X(slot_cgroups) /* 1: join and read the slot's cgroups sent once with "G", not fds of this request */

#define SBX_RUN_LISTS(X) \
    X(arg)               \
    X(env)

#define SBX_REPLY_INTS(X)                                                         \
    X(code)          /* exit code when status is exited, else -1 */               \
    X(sig)           /* terminating signal when status is signaled, else 0 */     \
    X(wall_us)       /* from the start of the run to the program's end or kill */ \
    X(out_bytes)     /* stdout bytes the program wrote, kept or not */            \
    X(err_bytes)     /* stderr bytes the program wrote, kept or not */            \
    X(ru_cpu_us)     /* wait4 rusage: meaningful only without cgroups */          \
    X(ru_maxrss_kib) /* wait4 rusage: meaningful only without cgroups */      \
    X(cg_cpu_us)     /* slot_cgroups: the CPU counter after the run, else -1 */  \
    X(cg_mem_peak)   /* slot_cgroups: the memory peak (bytes) after the run, else -1 */ \
    X(cg_oom_kills)  /* slot_cgroups: the OOM-kill counter after the run, else -1 */

#define SBX_REPLY_STRS(X)                                                         \
    X(status)      /* exited | signaled | killed | setup_error */                 \
    X(killed)      /* none | cpu | wall | stdout | stderr: why the zygote killed */ \
    X(sink_error)  /* writing to an output sink failed (our side) */               \
    X(reset_error) /* the scratch directories could not be emptied */              \
    X(err)         /* what failed when status is setup_error */

#endif
