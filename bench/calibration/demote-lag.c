/* Kernel-behaviour probe behind the simulator's "Leaving the real-time class" rule (docs/simulator.md): what a
 * task demoted from SCHED_FIFO to SCHED_OTHER at a heavy nice does next to a nice-0 CPU hog on the same CPU.
 *
 * Build: gcc -O2 -o demote-lag demote-lag.c. Run as root (SCHED_FIFO) on an idle machine:
 *   ./demote-lag [nice=-14] [trials=20] [fair_us=500] [rt_ms=8] [after_ms=20] [cpu=1]
 * Each trial forks a task that does what a function process under the stock-Linux backend does: it drops to
 * SCHED_OTHER nice 0 (as alps-burn does after its start), spins fair_us of CPU beside the hog (the agent has not
 * found it yet), raises itself to SCHED_FIFO 20 (the agent's band) for rt_ms of CPU (its slice), then sets
 * SCHED_OTHER at `nice` on itself (the demotion into the weighted fair tier) and spins after_ms more of CPU.
 * One line per trial: how long the demotion call took to return (a wait for the CPU shows here), the wall time
 * of the after_ms of CPU, and every stretch over 0.3 ms in which it did not run ("gaps": the hog's turns).
 * With DUMP=1 it also prints the two tasks' lines of /sys/kernel/debug/sched/debug right after the demotion
 * (vruntime, eligibility, deadline), which is where the placement can be read. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct attr { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t priority; uint64_t runtime, deadline, period; uint32_t util_min, util_max; };

static int set_policy(int policy, int priority, int nice)
{
  struct attr a;
  memset(&a, 0, sizeof a);
  a.size = sizeof a;
  a.policy = (uint32_t)policy;
  a.priority = (uint32_t)priority;
  a.nice = nice;
  return (int)syscall(SYS_sched_setattr, 0, &a, 0);
}

static int64_t ns(clockid_t clock) { struct timespec t; clock_gettime(clock, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static void spin(int64_t cpu_ns) { int64_t s = ns(CLOCK_THREAD_CPUTIME_ID); while (ns(CLOCK_THREAD_CPUTIME_ID) - s < cpu_ns) {} }

int main(int argc, char **argv)
{
  int nice = argc > 1 ? atoi(argv[1]) : -14, trials = argc > 2 ? atoi(argv[2]) : 20;
  int64_t fair_ns = (argc > 3 ? atoll(argv[3]) : 500) * 1000LL, rt_ns = (argc > 4 ? atoll(argv[4]) : 8) * 1000000LL;
  int64_t after_ns = (argc > 5 ? atoll(argv[5]) : 20) * 1000000LL;
  int cpu = argc > 6 ? atoi(argv[6]) : 1;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) { perror("sched_setaffinity"); return 1; }
  pid_t hog = fork();
  if (hog == 0) { set_policy(SCHED_OTHER, 0, 0); for (;;) {} }
  usleep(200000);
  if (set_policy(SCHED_FIFO, 50, 0) != 0) { perror("sched_setattr SCHED_FIFO (run as root)"); kill(hog, SIGKILL); return 1; }
  for (int r = 0; r < trials; r++) {
    usleep(20000 + (r * 3700) % 11000); /* a different phase of the hog's slice each trial */
    pid_t task = fork();
    if (task == 0) {
      set_policy(SCHED_OTHER, 0, 0);
      spin(fair_ns);
      set_policy(SCHED_FIFO, 20, 0);
      spin(rt_ns);
      int64_t before = ns(CLOCK_MONOTONIC);
      set_policy(SCHED_OTHER, 0, nice);
      int64_t start = ns(CLOCK_MONOTONIC), last = start, gaps_ns = 0, cpu0 = ns(CLOCK_THREAD_CPUTIME_ID);
      int64_t returned = start - before;
      if (getenv("DUMP")) {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "grep -E ' (%d|%d) ' /sys/kernel/debug/sched/debug | grep -v '^ *[.]'", getpid(), hog);
        if (system(cmd) != 0) fprintf(stderr, "no sched debug lines (is debugfs mounted?)\n");
        cpu0 = ns(CLOCK_THREAD_CPUTIME_ID);
        start = last = ns(CLOCK_MONOTONIC);
      }
      char gaps[400] = "";
      size_t used = 0;
      int count = 0;
      while (ns(CLOCK_THREAD_CPUTIME_ID) - cpu0 < after_ns) {
        int64_t t = ns(CLOCK_MONOTONIC);
        if (t - last > 300000) {
          count++;
          gaps_ns += t - last;
          if (used < sizeof gaps - 40) used += (size_t)snprintf(gaps + used, sizeof gaps - used, " %.1f+%.1f", (last - start) / 1e6, (t - last) / 1e6);
        }
        last = t;
      }
      printf("nice %d: demotion returned after %.2f ms; %.0f ms of CPU in %.2f ms wall; %d gaps (%.2f ms; at+length ms):%s\n",
             nice, returned / 1e6, after_ns / 1e6, (ns(CLOCK_MONOTONIC) - start) / 1e6, count, gaps_ns / 1e6, gaps);
      fflush(stdout);
      _exit(0);
    }
    waitpid(task, NULL, 0);
  }
  kill(hog, SIGKILL);
  waitpid(hog, NULL, 0);
  return 0;
}
