/* alps-burn: one FaaS invocation as one process.
 *
 *   alps-burn INDEX PHASE...      PHASE = c<ns> (burn ns of CPU time) | s<ns> (sleep ns of wall time)
 *
 * Its first acts: name itself (comm) after argv[0] when argv[0] is not its own name (alps-launch execs it
 * with argv[0] = the function's tag, which the agent's comm rules match), then drop to SCHED_OTHER at nice 0
 * (the launcher may have started it at the platform's priority). Named first, because a task that drops to
 * the fair class first can be starved there, before it names itself, by the real-time tasks it should
 * preempt; an agent that finds it still real-time leaves it alone until it is fair (docs/linux-backend.md).
 *
 * A CPU phase spins until this process's own CPU clock (CLOCK_PROCESS_CPUTIME_ID) has advanced by
 * its demand, so time spent preempted or waiting does not count as progress: the invocation
 * consumes exactly its CPU demand, as the simulator's CPU phases do. A sleep phase is a
 * clock_nanosleep of its length (the I/O wait). On exit it writes one struct alps_report to file descriptor 3 if that is open. */
#include <errno.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report.h"

static int64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Each CLOCK_PROCESS_CPUTIME_ID read is a system call (about 4 us on the 2-CPU development VM); a
 * short stretch of arithmetic between reads keeps the overshoot past the demand to the last read's
 * cost plus accounting granularity (measured there: 40-100 us per phase, under load). */
static void burn(int64_t ns)
{
    volatile double sink = 1.0;
    int64_t end = now_ns(CLOCK_PROCESS_CPUTIME_ID) + ns;
    while (now_ns(CLOCK_PROCESS_CPUTIME_ID) < end) {
        for (int k = 0; k < 200; k++) {
            sink = sink * 1.0000001 + 1e-9;
        }
    }
}

static void sleep_for(int64_t ns)
{
    struct timespec ts = { .tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL };
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR) {
    }
}

/* comm = basename(argv[0]) unless that is this program's own name, then SCHED_OTHER at nice 0. */
static void become_invocation(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    const char *name = slash != NULL ? slash + 1 : argv0;
    if (name[0] != '\0' && strcmp(name, "alps-burn") != 0) {
        char comm[16];
        snprintf(comm, sizeof comm, "%s", name);
        prctl(PR_SET_NAME, comm, 0, 0, 0);
    }
    struct sched_param zero = { 0 };
    if (sched_getscheduler(0) != SCHED_OTHER) {
        sched_setscheduler(0, SCHED_OTHER, &zero);
    }
    if (getpriority(PRIO_PROCESS, 0) != 0) {
        setpriority(PRIO_PROCESS, 0, 0);
    }
}

int main(int argc, char **argv)
{
    become_invocation(argc > 0 ? argv[0] : "");
    struct alps_report r = { .start_ns = now_ns(CLOCK_MONOTONIC), .startup_cpu_ns = now_ns(CLOCK_PROCESS_CPUTIME_ID), .ok = 1 };
    if (argc < 2 || !parse_nonneg(argv[1], &r.index)) {
        fprintf(stderr, "alps-burn: usage: alps-burn INDEX PHASE... (PHASE = c<ns> to burn CPU time, s<ns> to sleep)\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        int64_t ns;
        if ((argv[i][0] != 'c' && argv[i][0] != 's') || !parse_nonneg(argv[i] + 1, &ns)) {
            fprintf(stderr, "alps-burn: phase %d '%s' is not valid: expected c<ns> or s<ns>\n", i - 1, argv[i]);
            r.ok = 0;
            break;
        }
        if (argv[i][0] == 'c') {
            burn(ns);
        } else {
            sleep_for(ns);
        }
    }
    r.end_ns = now_ns(CLOCK_MONOTONIC);
    r.cpu_ns = now_ns(CLOCK_PROCESS_CPUTIME_ID) - r.startup_cpu_ns;
    r.policy = sched_getscheduler(0) & ~SCHED_RESET_ON_FORK;
    /* A closed descriptor (run by hand) just fails; the launcher's records are the measurement. */
    if (write(ALPS_REPORT_FD, &r, sizeof r) != (ssize_t)sizeof r && errno != EBADF) {
        return 3;
    }
    return r.ok ? 0 : 2;
}
