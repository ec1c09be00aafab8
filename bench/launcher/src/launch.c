/* alps-launch: starts each invocation of a schedule as its own process at its arrival time and
 * records what happened to it.
 *
 *   alps-launch --schedule FILE --burner PATH --out CSV [--nice N | --fifo-priority N]
 *               [--start-class platform|fair] [--timeout-s S] [--cpus N]
 *
 * --cpus N pins the launcher, and so every invocation (affinity is inherited), to the first N CPUs it may use.
 *
 * Schedule (text, written by alps-bench; one item per line, '#' lines ignored):
 *   alps-schedule 1
 *   function <id> <tag>                                   tag: 1-15 chars of [A-Za-z0-9_.-]
 *   inv <index> <function id> <arrival ns> <cpu demand ns> <phase>...   phase: c<ns> | s<ns>
 * Invocations are listed in arrival order with indices 0..n-1. Invocation i is the burner (PATH) exec'd
 * with argv[0] = its function's tag and ALPS_ORACLE_CPU_NS=<cpu demand> in its environment; the burner
 * names itself (comm) after argv[0] once it runs in SCHED_OTHER at nice 0, so the agent's comm rules see
 * it only from then on.
 *
 * Start class: how the process start (vfork, exec, loading: the stand-in for a FaaS platform starting
 * the invocation's sandbox) is scheduled.
 *   platform (default): at the launcher's own priority (the child inherits it; the burner drops to
 *            SCHED_OTHER nice 0 as its first act), so every policy sees the function's work arrive at the
 *            same moment and no policy can delay or speed up the platform's part.
 *   fair:    in SCHED_OTHER at nice 0 from the fork on (reset-on-fork), competing with the invocations.
 * Either way the function's work runs in SCHED_OTHER at nice 0 until an agent raises it.
 *
 * Output CSV, one row per invocation in index order, times in ns since the launcher's origin
 * (CLOCK_MONOTONIC when it started launching; -1 = never happened):
 *   index,function,pid,arrival_ns,launch_ns,start_ns,end_ns,reaped_ns,cpu_ns,startup_cpu_ns,rusage_cpu_ns,exit_status,policy_at_exit
 * launch = vfork returned in the launcher (the child has exec'd); start/end/cpu/startup_cpu/policy = the
 * burner's own report (cpu = CPU time of its phases, startup_cpu = CPU time before them: exec and loading);
 * rusage_cpu = wait4's user+system time; exit_status = exit code, 128+signal, or -1 if not reaped.
 * Exit code: 0 every invocation exited 0 and reported; 1 some did not (or the timeout killed them);
 * 2 bad input (the message names the line and field). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report.h"

#define MAX_PHASES 4096
#define MAX_TAG 15
#define MAX_FUNCTIONS 65536
/* Below this the launcher polls for exits and reports even when the next arrival is far away. */
#define POLL_NS 5000000LL

struct invocation {
    int function;
    int64_t arrival_ns, demand_ns;
    char **argv;          /* the burner's argv: tag, index, phases..., NULL */
    pid_t pid;
    int64_t launch_ns, start_ns, end_ns, reaped_ns, cpu_ns, startup_cpu_ns, rusage_cpu_ns;
    int exit_status, policy, reported;
};

static char *tags[MAX_FUNCTIONS];
static int function_count;
static struct invocation *invs;
static int inv_count, inv_capacity;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die_input(const char *file, long line, const char *what)
{
    fprintf(stderr, "alps-launch: %s:%ld: %s\n", file, line, what);
    exit(2);
}

static int valid_tag(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > MAX_TAG) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
            return 0;
        }
    }
    return 1;
}

static void read_schedule(const char *file)
{
    FILE *f = fopen(file, "r");
    if (f == NULL) {
        fprintf(stderr, "alps-launch: cannot open schedule %s: %s\n", file, strerror(errno));
        exit(2);
    }
    char *line = NULL;
    size_t cap = 0;
    long number = 0;
    int header = 0;
    char msg[256];
    while (getline(&line, &cap, f) >= 0) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#') {
            continue;
        }
        char *fields[MAX_PHASES + 8];
        int nf = 0;
        for (char *save = NULL, *tok = strtok_r(line, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
            if (nf == MAX_PHASES + 6) {
                die_input(file, number, "too many fields: at most 4096 phases per invocation");
            }
            fields[nf++] = tok;
        }
        if (nf == 0) {
            continue;
        }
        if (!header) {
            if (nf != 2 || strcmp(fields[0], "alps-schedule") != 0 || strcmp(fields[1], "1") != 0) {
                die_input(file, number, "expected the header 'alps-schedule 1'");
            }
            header = 1;
        } else if (strcmp(fields[0], "function") == 0) {
            int64_t id;
            if (nf != 3 || !parse_nonneg(fields[1], &id) || id != function_count || id >= MAX_FUNCTIONS) {
                snprintf(msg, sizeof msg, "function: expected 'function <id> <tag>' with id %d (ids dense, in order)", function_count);
                die_input(file, number, msg);
            }
            if (!valid_tag(fields[2])) {
                die_input(file, number, "function: tag must be 1-15 characters of A-Z a-z 0-9 - _ .");
            }
            tags[function_count++] = strdup(fields[2]);
        } else if (strcmp(fields[0], "inv") == 0) {
            int64_t index, fn, arrival, demand;
            if (nf < 5) {
                die_input(file, number, "inv: expected 'inv <index> <function> <arrival ns> <cpu demand ns> <phase>...'");
            }
            if (!parse_nonneg(fields[1], &index) || index != inv_count) {
                snprintf(msg, sizeof msg, "inv: field index '%s': expected %d (indices dense, in order)", fields[1], inv_count);
                die_input(file, number, msg);
            }
            if (!parse_nonneg(fields[2], &fn) || fn >= function_count) {
                snprintf(msg, sizeof msg, "inv: field function '%s': expected a declared function id 0..%d", fields[2], function_count - 1);
                die_input(file, number, msg);
            }
            if (!parse_nonneg(fields[3], &arrival) || (inv_count > 0 && arrival < invs[inv_count - 1].arrival_ns)) {
                snprintf(msg, sizeof msg, "inv: field arrival '%s': expected ns >= the previous arrival", fields[3]);
                die_input(file, number, msg);
            }
            if (!parse_nonneg(fields[4], &demand)) {
                snprintf(msg, sizeof msg, "inv: field cpu demand '%s': expected a non-negative integer (ns)", fields[4]);
                die_input(file, number, msg);
            }
            for (int p = 5; p < nf; p++) {
                int64_t ns;
                if ((fields[p][0] != 'c' && fields[p][0] != 's') || !parse_nonneg(fields[p] + 1, &ns)) {
                    snprintf(msg, sizeof msg, "inv: phase %d '%.40s': expected c<ns> or s<ns>", p - 4, fields[p]);
                    die_input(file, number, msg);
                }
            }
            if (inv_count == inv_capacity) {
                inv_capacity = inv_capacity == 0 ? 1024 : inv_capacity * 2;
                invs = realloc(invs, (size_t)inv_capacity * sizeof *invs);
                if (invs == NULL) {
                    die_input(file, number, "out of memory");
                }
            }
            struct invocation *v = &invs[inv_count];
            memset(v, 0, sizeof *v);
            v->function = (int)fn;
            v->arrival_ns = arrival;
            v->demand_ns = demand;
            v->argv = calloc((size_t)(nf - 5 + 3), sizeof(char *));
            v->argv[0] = tags[fn];
            v->argv[1] = strdup(fields[1]);
            for (int p = 5; p < nf; p++) {
                v->argv[p - 3] = strdup(fields[p]);
            }
            v->pid = -1;
            v->launch_ns = v->start_ns = v->end_ns = v->reaped_ns = v->cpu_ns = v->startup_cpu_ns = v->rusage_cpu_ns = -1;
            v->exit_status = -1;
            v->policy = -1;
            inv_count++;
        } else {
            snprintf(msg, sizeof msg, "unknown item '%.40s': expected 'function' or 'inv'", fields[0]);
            die_input(file, number, msg);
        }
    }
    free(line);
    fclose(f);
    if (!header) {
        die_input(file, 1, "empty: expected the header 'alps-schedule 1'");
    }
}

/* The environment every invocation gets: the launcher's own, minus any inherited demand, plus one slot
 * for its demand (filled per launch, before vfork: the child may not write memory it shares). */
static char **child_env;
static int child_env_demand_slot;
static char demand_var[64];

static void build_child_env(void)
{
    extern char **environ;
    int n = 0;
    while (environ[n] != NULL) {
        n++;
    }
    child_env = calloc((size_t)n + 2, sizeof(char *));
    if (child_env == NULL) {
        fprintf(stderr, "alps-launch: out of memory\n");
        exit(1);
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (strncmp(environ[i], "ALPS_ORACLE_CPU_NS=", 19) != 0) {
            child_env[k++] = environ[i];
        }
    }
    child_env_demand_slot = k;
    child_env[k] = demand_var;
    child_env[k + 1] = NULL;
}

/* vfork: the child shares the launcher's memory until it execs, so starting an invocation costs no page-table
 * copy (the launcher holds the whole schedule) and the launcher's CPU per start stays small. The child only
 * makes system calls before execve. */
static void launch(int i, const char *burner, int report_w, int fair_start, int64_t origin)
{
    struct invocation *v = &invs[i];
    snprintf(demand_var, sizeof demand_var, "ALPS_ORACLE_CPU_NS=%lld", (long long)v->demand_ns);
    child_env[child_env_demand_slot] = demand_var;
    struct sched_param zero = { 0 };
    pid_t pid = vfork();
    if (pid == 0) {
        if (fair_start) {
            /* Reset-on-fork already made it SCHED_OTHER; nice 0 whatever the launcher runs at. */
            sched_setscheduler(0, SCHED_OTHER, &zero);
            setpriority(PRIO_PROCESS, 0, 0);
        }
        /* Never outlive the launcher (a killed harness leaves no burners behind). */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (dup2(report_w, ALPS_REPORT_FD) < 0) {
            _exit(126);
        }
        execve(burner, v->argv, child_env);
        _exit(127);
    }
    v->launch_ns = now_ns() - origin;
    if (pid < 0) {
        fprintf(stderr, "alps-launch: vfork for invocation %d failed: %s\n", i, strerror(errno));
        return;
    }
    v->pid = pid;
}

static int find_by_pid(pid_t pid, int first_open)
{
    for (int i = first_open; i < inv_count; i++) {
        if (invs[i].pid == pid) {
            return i;
        }
    }
    return -1;
}

/* Reaps every exited child; returns how many. */
static int reap(int first_open, int64_t origin, int block)
{
    int count = 0;
    for (;;) {
        int status;
        struct rusage ru;
        pid_t pid = wait4(-1, &status, block ? 0 : WNOHANG, &ru);
        if (pid <= 0) {
            return count;
        }
        int i = find_by_pid(pid, first_open);
        if (i < 0) {
            continue;
        }
        struct invocation *v = &invs[i];
        v->reaped_ns = now_ns() - origin;
        v->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        v->rusage_cpu_ns = ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL
            + ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
        count++;
        if (block) {
            return count;
        }
    }
}

static void drain(int report_r, int64_t origin)
{
    struct alps_report r;
    while (read(report_r, &r, sizeof r) == (ssize_t)sizeof r) {
        if (r.index < 0 || r.index >= inv_count) {
            continue;
        }
        struct invocation *v = &invs[r.index];
        v->start_ns = r.start_ns - origin;
        v->end_ns = r.end_ns - origin;
        v->cpu_ns = r.cpu_ns;
        v->startup_cpu_ns = r.startup_cpu_ns;
        v->policy = r.policy;
        v->reported = r.ok ? 1 : 0;
    }
}

static int write_csv(const char *file)
{
    FILE *f = fopen(file, "w");
    if (f == NULL) {
        fprintf(stderr, "alps-launch: cannot write %s: %s\n", file, strerror(errno));
        return 0;
    }
    fprintf(f, "index,function,pid,arrival_ns,launch_ns,start_ns,end_ns,reaped_ns,cpu_ns,startup_cpu_ns,rusage_cpu_ns,exit_status,policy_at_exit\n");
    for (int i = 0; i < inv_count; i++) {
        struct invocation *v = &invs[i];
        fprintf(f, "%d,%d,%d,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%d,%d\n", i, v->function, (int)v->pid,
            (long long)v->arrival_ns, (long long)v->launch_ns, (long long)v->start_ns, (long long)v->end_ns,
            (long long)v->reaped_ns, (long long)v->cpu_ns, (long long)v->startup_cpu_ns, (long long)v->rusage_cpu_ns, v->exit_status, v->policy);
    }
    return fclose(f) == 0;
}

static void usage(void)
{
    fprintf(stderr, "alps-launch: usage: alps-launch --schedule FILE --burner PATH --out CSV [--nice N | --fifo-priority N] [--start-class platform|fair] [--timeout-s S] [--cpus N]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *schedule = NULL, *burner = NULL, *out = NULL;
    int fair_start = 0;
    int64_t nice_value = 0, fifo = 0, timeout_s = 600, cpus = 0;
    int has_nice = 0, negative = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL) {
            usage();
        }
        if (strcmp(a, "--schedule") == 0) {
            schedule = v;
        } else if (strcmp(a, "--burner") == 0) {
            burner = v;
        } else if (strcmp(a, "--start-class") == 0) {
            if (strcmp(v, "platform") == 0) {
                fair_start = 0;
            } else if (strcmp(v, "fair") == 0) {
                fair_start = 1;
            } else {
                fprintf(stderr, "alps-launch: --start-class '%s' is not valid: expected platform or fair\n", v);
                return 2;
            }
        } else if (strcmp(a, "--out") == 0) {
            out = v;
        } else if (strcmp(a, "--nice") == 0) {
            negative = v[0] == '-';
            if (!parse_nonneg(negative ? v + 1 : v, &nice_value) || nice_value > 20) {
                fprintf(stderr, "alps-launch: --nice '%s' is not valid: expected -20..19\n", v);
                return 2;
            }
            nice_value = negative ? -nice_value : nice_value;
            has_nice = 1;
        } else if (strcmp(a, "--fifo-priority") == 0) {
            if (!parse_nonneg(v, &fifo) || fifo < 1 || fifo > 99) {
                fprintf(stderr, "alps-launch: --fifo-priority '%s' is not valid: expected 1..99\n", v);
                return 2;
            }
        } else if (strcmp(a, "--timeout-s") == 0) {
            if (!parse_nonneg(v, &timeout_s) || timeout_s < 1 || timeout_s > 86400) {
                fprintf(stderr, "alps-launch: --timeout-s '%s' is not valid: expected 1..86400\n", v);
                return 2;
            }
        } else if (strcmp(a, "--cpus") == 0) {
            if (!parse_nonneg(v, &cpus) || cpus < 1 || cpus > CPU_SETSIZE) {
                fprintf(stderr, "alps-launch: --cpus '%s' is not valid: expected 1..%d\n", v, CPU_SETSIZE);
                return 2;
            }
        } else {
            usage();
        }
        i++;
    }
    if (schedule == NULL || burner == NULL || out == NULL) {
        usage();
    }
    read_schedule(schedule);
    if (access(burner, X_OK) != 0) {
        fprintf(stderr, "alps-launch: --burner %s: not an executable file: %s\n", burner, strerror(errno));
        return 2;
    }
    build_child_env();
    if (cpus > 0) {
        cpu_set_t allowed, mine;
        CPU_ZERO(&mine);
        if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
            for (int c = 0, taken = 0; c < CPU_SETSIZE && taken < cpus; c++) {
                if (CPU_ISSET(c, &allowed)) {
                    CPU_SET(c, &mine);
                    taken++;
                }
            }
        }
        if (CPU_COUNT(&mine) < cpus || sched_setaffinity(0, sizeof mine, &mine) != 0) {
            fprintf(stderr, "alps-launch: --cpus %lld: only %d CPUs are allowed here\n", (long long)cpus, CPU_COUNT(&mine));
            return 2;
        }
    }

    /* The launcher sleeps between arrivals; a higher priority keeps arrivals on time under load. With a
     * fair start, reset-on-fork: no child inherits it (each child also resets itself explicitly); with a
     * platform start the child inherits it until the burner drops to SCHED_OTHER. */
    const char *priority = "nice 0";
    if (fifo > 0) {
        struct sched_param p = { .sched_priority = (int)fifo };
        int policy = SCHED_FIFO | (fair_start ? SCHED_RESET_ON_FORK : 0);
        priority = sched_setscheduler(0, policy, &p) == 0 ? "SCHED_FIFO" : "nice 0 (SCHED_FIFO refused)";
    } else if (has_nice) {
        priority = setpriority(PRIO_PROCESS, 0, (int)nice_value) == 0 ? "nice" : "nice 0 (nice refused)";
    }

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        fprintf(stderr, "alps-launch: pipe: %s\n", strerror(errno));
        return 1;
    }
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[0], F_SETPIPE_SZ, 1 << 20);

    int64_t origin = now_ns(), deadline = origin + timeout_s * 1000000000LL, max_lag = 0;
    int next = 0, open_from = 0, reaped = 0, timed_out = 0;
    while (reaped < inv_count) {
        int64_t t = now_ns() - origin;
        while (next < inv_count && invs[next].arrival_ns <= t) {
            launch(next, burner, fds[1], fair_start, origin);
            if (invs[next].pid < 0) {
                reaped++; /* never started: recorded as lost */
            } else if (invs[next].launch_ns - invs[next].arrival_ns > max_lag) {
                max_lag = invs[next].launch_ns - invs[next].arrival_ns;
            }
            next++;
            t = now_ns() - origin;
        }
        reaped += reap(open_from, origin, 0);
        while (open_from < next && invs[open_from].exit_status >= 0) {
            open_from++;
        }
        drain(fds[0], origin);
        if (reaped >= inv_count) {
            break;
        }
        if (now_ns() >= deadline) {
            timed_out = 1;
            break;
        }
        int64_t wait = POLL_NS;
        if (next < inv_count && invs[next].arrival_ns - t < wait) {
            wait = invs[next].arrival_ns - t;
        }
        struct timespec ts = { .tv_sec = wait / 1000000000LL, .tv_nsec = wait % 1000000000LL };
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        ppoll(&pfd, 1, &ts, NULL);
    }
    int killed = 0;
    if (timed_out) {
        for (int i = 0; i < next; i++) {
            if (invs[i].pid > 0 && invs[i].exit_status < 0) {
                kill(invs[i].pid, SIGKILL);
                killed++;
            }
        }
        for (int k = 0; k < killed; k++) {
            reap(0, origin, 1);
        }
        drain(fds[0], origin);
    }
    int lost = 0;
    for (int i = 0; i < inv_count; i++) {
        if (invs[i].exit_status != 0 || !invs[i].reported) {
            lost++;
        }
    }
    if (!write_csv(out)) {
        return 1;
    }
    struct rusage self;
    getrusage(RUSAGE_SELF, &self);
    int64_t self_cpu = ((int64_t)self.ru_utime.tv_sec + self.ru_stime.tv_sec) * 1000000000LL
        + ((int64_t)self.ru_utime.tv_usec + self.ru_stime.tv_usec) * 1000LL;
    printf("alps-launch: invocations=%d lost=%d not_launched=%d killed_at_timeout=%d max_lag_ns=%lld cpu_ns=%lld priority=%s start_class=%s\n",
        inv_count, lost, inv_count - next, killed, (long long)max_lag, (long long)self_cpu, priority, fair_start ? "fair" : "platform");
    return lost == 0 ? 0 : 1;
}
