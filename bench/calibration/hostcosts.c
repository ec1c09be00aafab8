/* Host cost probe for `alps-bench calibrate`: measures the costs the simulator's stock-Linux model uses and
 * prints one "name value_ns samples method" line each (-1 = could not measure, with a reason on stderr).
 * Build: gcc -O2 -pthread -o hostcosts hostcosts.c. Run: ./hostcosts [cpuA cpuB].
 * Costs that occupy a CPU are measured as CPU time (getrusage/wait4), which a busy machine does not inflate;
 * latencies can only be measured in wall time, so they are reported as the 10th percentile (on a shared
 * machine the median measures the run-queue wait, not the wake-up path) and the median is printed beside.
 * Every probe restores what it changed: threads made SCHED_FIFO are blocked while they are, and are returned
 * to SCHED_OTHER before the probe ends. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static void pin(int c) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(c, &s); sched_setaffinity(0, sizeof s, &s); }
static int cmp(const void *a, const void *b) { long long x = *(const long long *)a, y = *(const long long *)b; return x < y ? -1 : x > y; }
static long long median(long long *v, int n) { qsort(v, n, sizeof *v, cmp); return v[n / 2]; }
static long long pct(long long *v, int n, int p) { qsort(v, n, sizeof *v, cmp); return v[(long long)n * p / 100]; }
static void report(const char *name, long long v, int n, const char *method) { printf("%s %lld %d %s\n", name, v, n, method); fflush(stdout); }
static long long tv(struct timeval t) { return t.tv_sec * 1000000000LL + t.tv_usec * 1000LL; }
static long long cpu_self(void) { struct rusage u; getrusage(RUSAGE_SELF, &u); return tv(u.ru_utime) + tv(u.ru_stime); }
static long long cpu_thread(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }

/* Pipe ping-pong between this process (cpu a) and a child (cpu b): CPU time of both per switch, minus the CPU
 * time of the same pipe syscalls without a switch (one process writing and reading its own pipe). */
static long long pingpong(int a, int b, int n) {
    int p1[2], p2[2]; char x = 0;
    if (pipe(p1) || pipe(p2)) return -1;
    pin(a);
    long long c0 = cpu_thread();
    for (int i = 0; i < n; i++) { if (write(p1[1], &x, 1) != 1 || read(p1[0], &x, 1) != 1) return -1; }
    double base = (double)(cpu_thread() - c0) / n; /* one write + one read */
    long long self0 = cpu_self();
    pid_t pid = fork();
    if (pid == 0) { pin(b); for (int i = 0; i < n; i++) { if (read(p1[0], &x, 1) != 1 || write(p2[1], &x, 1) != 1) _exit(1); } _exit(0); }
    for (int i = 0; i < n; i++) { if (write(p1[1], &x, 1) != 1 || read(p2[0], &x, 1) != 1) return -1; }
    struct rusage child; int status; wait4(pid, &status, 0, &child);
    long long total = cpu_self() - self0 + tv(child.ru_utime) + tv(child.ru_stime);
    close(p1[0]); close(p1[1]); close(p2[0]); close(p2[1]);
    /* per round trip: two write+read pairs and two switches */
    return (long long)(((double)total / n - 2 * base) / 2);
}

/* Wake-up latency: a child blocked in read on cpu b is woken by a write from cpu a carrying the write's timestamp;
 * latency = child's clock on return - that timestamp. 200 us gaps let cpu b go idle between samples. */
static long long wakeup(int a, int b, int n) {
    int p[2], r[2]; long long v[2000];
    if (pipe(p) || pipe(r)) return -1;
    pid_t pid = fork();
    if (pid == 0) { pin(b); long long ts; for (int i = 0; i < n; i++) { if (read(p[0], &ts, sizeof ts) != sizeof ts) _exit(1); long long d = now() - ts; if (write(r[1], &d, sizeof d) != sizeof d) _exit(1); } _exit(0); }
    pin(a);
    for (int i = 0; i < n; i++) { usleep(200); long long ts = now(); if (write(p[1], &ts, sizeof ts) != sizeof ts || read(r[0], &v[i], sizeof v[i]) != sizeof v[i]) return -1; }
    waitpid(pid, 0, 0);
    long long p10 = pct(v, n, 10);
    fprintf(stderr, "wakeup latency: p10 %lld ns, median %lld ns\n", p10, median(v, n));
    return p10;
}

/* Starting and ending one process per invocation, in CPU time: the parent's fork (thread CPU time) plus the
 * child's exec, startup and exit (wait4's rusage; ~nothing of its own work). */
static long long process_cpu(const char *self, int n) {
    long long v[500];
    for (int i = 0; i < n; i++) {
        long long c0 = cpu_thread();
        pid_t pid = fork();
        if (pid == 0) { execl(self, self, "--child", (char *)0); _exit(127); }
        long long forkcpu = cpu_thread() - c0;
        struct rusage u; int status;
        if (wait4(pid, &status, 0, &u) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
        v[i] = forkcpu + tv(u.ru_utime) + tv(u.ru_stime);
    }
    return median(v, n);
}

static int pfd[2];
static pid_t blocked_tid;
static void *blocked(void *arg) { (void)arg; blocked_tid = (pid_t)syscall(SYS_gettid); char x; if (read(pfd[0], &x, 1) < 0) return 0; return 0; }

struct attr { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t prio; uint64_t rt, dl, per; uint32_t umin, umax; };
static int setattr(pid_t tid, int policy, int prio) {
    struct attr a; memset(&a, 0, sizeof a); a.size = sizeof a; a.policy = policy;
    a.prio = prio; a.flags = 0x01; /* SCHED_FLAG_RESET_ON_FORK */
    return (int)syscall(SYS_sched_setattr, tid, &a, 0);
}

/* sched_setattr on a thread blocked in read: SCHED_FIFO 1 and back to SCHED_OTHER, per call. The thread never
 * runs while raised; it is returned to SCHED_OTHER before it is released. */
static long long setattr_cost(int n) {
    long long v[4000]; pthread_t th;
    if (pipe(pfd) || pthread_create(&th, 0, blocked, 0)) return -1;
    while (!__atomic_load_n(&blocked_tid, __ATOMIC_SEQ_CST)) usleep(100);
    usleep(1000);
    long long result = 0;
    for (int i = 0; i < n; i++) {
        long long t0 = now();
        if (setattr(blocked_tid, SCHED_FIFO, 1)) { fprintf(stderr, "sched_setattr: %s\n", strerror(errno)); result = -1; break; }
        long long t1 = now();
        if (setattr(blocked_tid, SCHED_OTHER, 0)) { fprintf(stderr, "sched_setattr back: %s\n", strerror(errno)); result = -1; break; }
        v[2 * i] = t1 - t0; v[2 * i + 1] = now() - t1;
    }
    setattr(blocked_tid, SCHED_OTHER, 0);
    char x = 0; if (write(pfd[1], &x, 1) != 1) return -1;
    pthread_join(th, 0);
    return result < 0 ? -1 : median(v, 2 * n);
}

/* A timer wake-up: how late a 1 ms relative clock_nanosleep returns (the agent's periodic tick). */
static long long timer_late(int n) {
    long long v[1000];
    for (int i = 0; i < n; i++) {
        struct timespec d = {0, 1000000}; long long t0 = now();
        clock_nanosleep(CLOCK_MONOTONIC, 0, &d, 0);
        v[i] = now() - t0 - 1000000;
    }
    long long p10 = pct(v, n, 10);
    fprintf(stderr, "timer wake-up lateness: p10 %lld ns, median %lld ns\n", p10, median(v, n));
    return p10;
}

/* Reading one thread's /proc/<pid>/task/<tid>/schedstat (open, read, close): the agent's per-task cost per tick. */
static long long schedstat_read(int n) {
    long long v[4000]; char path[64], buf[128];
    snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", getpid(), getpid());
    for (int i = 0; i < n; i++) {
        long long t0 = now();
        int fd = open(path, O_RDONLY); if (fd < 0) return -1;
        if (read(fd, buf, sizeof buf) <= 0) { close(fd); return -1; }
        close(fd);
        v[i] = now() - t0;
    }
    return median(v, n);
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--child") == 0) {
        _exit(0);
    }
    int a = argc > 2 ? atoi(argv[1]) : 0, b = argc > 2 ? atoi(argv[2]) : 1;
    char self[4096]; ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) { fprintf(stderr, "readlink /proc/self/exe failed\n"); return 1; }
    self[len] = 0;
    report("same_cpu_switch_ns", pingpong(a, a, 20000), 20000, "cpu-time");
    report("cross_cpu_switch_ns", pingpong(a, b, 20000), 20000, "cpu-time");
    report("wakeup_latency_ns", wakeup(a, b, 2000), 2000, "wall-p10");
    report("process_start_exit_ns", process_cpu(self, 200), 200, "cpu-time");
    report("sched_setattr_ns", setattr_cost(2000), 4000, "wall-median");
    report("timer_wakeup_late_ns", timer_late(500), 500, "wall-p10");
    report("schedstat_read_ns", schedstat_read(2000), 2000, "wall-median");
    return 0;
}
