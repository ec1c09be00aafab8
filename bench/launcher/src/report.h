/* Shared by alps-launch and alps-burn: the record a burner writes to its launcher when it finishes: one write(2) of this struct on
 * file descriptor ALPS_REPORT_FD, a pipe shared by every burner. It is smaller than PIPE_BUF, so
 * concurrent burners' records never interleave. Both programs are built together; the layout is
 * private to them. */
#ifndef ALPS_REPORT_H
#define ALPS_REPORT_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#define ALPS_REPORT_FD 3

struct alps_report {
    int64_t index;      /* invocation index in the schedule (argv[1] of the burner) */
    int64_t start_ns;   /* CLOCK_MONOTONIC when the burner's phases began (in the fair class, named) */
    int64_t end_ns;     /* CLOCK_MONOTONIC after its last phase, just before it exits */
    int64_t startup_cpu_ns; /* CLOCK_PROCESS_CPUTIME_ID when the phases began: exec, loading, dropping to fair */
    int64_t cpu_ns;     /* CLOCK_PROCESS_CPUTIME_ID at end_ns minus startup_cpu_ns: the phases' CPU time */
    int32_t policy;     /* sched_getscheduler(0) at end_ns, reset-on-fork bit cleared */
    int32_t ok;         /* 1 when every phase ran as given */
};

/* Parses a non-negative decimal integer that is the whole of text (the phases' c<ns>/s<ns> and the
 * schedule's numbers); 0 if it is not one. */
static inline int parse_nonneg(const char *text, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < 0) {
        return 0;
    }
    *out = v;
    return 1;
}

#endif
