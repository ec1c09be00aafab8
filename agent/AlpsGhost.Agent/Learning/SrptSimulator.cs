namespace AlpsGhost.Agent.Learning;

/// <summary>
/// Discrete-tick SRPT simulation as the original ALPS frontend runs it (docs/algorithm.md §1.3),
/// generalised to several CPUs.
/// </summary>
/// <remarks>
/// Rules, per tick t (1 tick = 1 ms of CPU): jobs arriving at t are enqueued into a min-heap keyed by
/// (remaining at enqueue, job id); each free CPU takes the heap top (CPUs in index order), recording the
/// first-dispatch wait; every running job executes one tick; a job ends when its remaining reaches 0
/// (end = t), otherwise, once it has run at least <c>minRunTicks</c> in the current dispatch, it is preempted
/// when a strictly shorter job is waiting and is pushed back with its current remaining. With one CPU this is
/// exactly the original loop. With C CPUs the running jobs that may be preempted are considered longest
/// remaining first; the i-th of them is preempted when the waiting job that would take its CPU (the
/// (F+i+1)-th shortest waiting, F = CPUs freed by completions this tick) is strictly shorter. A freed CPU is
/// refilled at t+1 (no idle gap). Ticks in which nothing can change are executed in bulk, which is exact:
/// the heap only changes at arrivals and dispatch ends, and a running job only gets shorter.
/// </remarks>
public static class SrptSimulator
{
    /// <summary>The original's minimum run per dispatch before a shorter job may preempt (main.py passes 8).</summary>
    public const int DefaultMinRunTicks = 8;

    /// <summary>Runs SRPT over <paramref name="jobs"/> (job id = index) on <paramref name="cpuCount"/> CPUs.</summary>
    public static SrptRun Run(ReadOnlySpan<SrptJob> jobs, int cpuCount = 1, int minRunTicks = DefaultMinRunTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cpuCount, 1, nameof(cpuCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(minRunTicks, 1, nameof(minRunTicks));
        int n = jobs.Length;
        var remaining = new long[n];
        var arrival = new long[n];
        var wait = new long[n];
        var end = new long[n];
        var switches = new int[n];
        var segments = new int[n][];
        var partial = new List<int>?[n];
        var completion = new int[n];
        for (int j = 0; j < n; j++)
        {
            if (jobs[j].Burst < 1)
            {
                throw new ArgumentException($"job {j}: burst {jobs[j].Burst} (expected >= 1 tick)", nameof(jobs));
            }
            if (jobs[j].ArrivalTick < 0)
            {
                throw new ArgumentException($"job {j}: arrival {jobs[j].ArrivalTick} (expected >= 0)", nameof(jobs));
            }
            remaining[j] = jobs[j].Burst;
            arrival[j] = jobs[j].ArrivalTick;
            wait[j] = -1;
        }

        // Arrival order: by arrival tick, then input order (the original enqueues in input order; the heap's
        // id tie-break makes the enqueue order irrelevant anyway).
        var byArrival = new int[n];
        for (int j = 0; j < n; j++)
        {
            byArrival[j] = j;
        }
        Array.Sort(byArrival, (a, b) =>
        {
            int c = arrival[a].CompareTo(arrival[b]);
            return c != 0 ? c : a.CompareTo(b);
        });

        var heap = new PriorityQueue<int, (long Remaining, int Id)>();
        var running = new int[cpuCount];
        var executed = new long[cpuCount];
        Array.Fill(running, -1);
        var candidates = new List<int>(cpuCount); // CPU indexes
        var held = new List<(int Job, (long, int) Key)>();
        var preempted = new List<int>(cpuCount);
        int nextArrival = 0;
        int finished = 0;
        long t = 0;

        while (finished < n)
        {
            while (nextArrival < n && arrival[byArrival[nextArrival]] == t)
            {
                int j = byArrival[nextArrival++];
                heap.Enqueue(j, (remaining[j], j));
            }

            int busy = 0;
            for (int c = 0; c < cpuCount; c++)
            {
                if (running[c] < 0 && heap.Count > 0)
                {
                    int j = heap.Dequeue();
                    running[c] = j;
                    executed[c] = 0;
                    if (wait[j] < 0)
                    {
                        wait[j] = t - arrival[j];
                    }
                }
                if (running[c] >= 0)
                {
                    busy++;
                }
            }
            if (busy == 0)
            {
                // Idle and nothing waiting: jump to the next arrival (finished < n, so one exists).
                t = arrival[byArrival[nextArrival]];
                continue;
            }

            // How many ticks can run before anything can change: the next arrival, a completion, or a
            // job reaching its minimum run.
            long step = nextArrival < n ? arrival[byArrival[nextArrival]] - t : long.MaxValue;
            for (int c = 0; c < cpuCount; c++)
            {
                int j = running[c];
                if (j < 0)
                {
                    continue;
                }
                step = Math.Min(step, remaining[j]);
                if (executed[c] < minRunTicks)
                {
                    step = Math.Min(step, minRunTicks - executed[c]);
                }
                else if (heap.Count > 0 && heap.TryPeek(out _, out (long Remaining, int Id) top) && top.Remaining < remaining[j] - 1)
                {
                    step = 1; // would be preempted at the end of this very tick
                }
            }
            step = Math.Max(step, 1);

            for (int c = 0; c < cpuCount; c++)
            {
                int j = running[c];
                if (j >= 0)
                {
                    remaining[j] -= step;
                    executed[c] += step;
                }
            }
            t += step - 1; // t = the last executed tick

            int freed = 0;
            candidates.Clear();
            for (int c = 0; c < cpuCount; c++)
            {
                int j = running[c];
                if (j < 0)
                {
                    continue;
                }
                if (remaining[j] == 0)
                {
                    end[j] = t;
                    segments[j] = CloseSegments(partial[j], (int)executed[c]);
                    partial[j] = null;
                    completion[finished++] = j;
                    running[c] = -1;
                    freed++;
                }
                else if (executed[c] >= minRunTicks)
                {
                    candidates.Add(c);
                }
            }

            if (candidates.Count > 0 && heap.Count > freed)
            {
                // Longest remaining first (ties: larger id first, so the smaller id keeps its CPU, as it
                // would win the heap tie-break).
                candidates.Sort((a, b) =>
                {
                    int cmp = remaining[running[b]].CompareTo(remaining[running[a]]);
                    return cmp != 0 ? cmp : running[b].CompareTo(running[a]);
                });
                held.Clear();
                // The F shortest waiting jobs take the CPUs freed by completions.
                for (int i = 0; i < freed; i++)
                {
                    heap.TryDequeue(out int wj, out (long, int) wk);
                    held.Add((wj, wk));
                }
                preempted.Clear();
                foreach (int c in candidates)
                {
                    if (!heap.TryPeek(out int wj, out (long Remaining, int Id) wk) || wk.Remaining >= remaining[running[c]])
                    {
                        break;
                    }
                    heap.Dequeue();
                    held.Add((wj, wk));
                    int j = running[c];
                    (partial[j] ??= []).Add((int)executed[c]);
                    switches[j]++;
                    running[c] = -1;
                    preempted.Add(j);
                }
                foreach ((int hj, (long, int) hk) in held)
                {
                    heap.Enqueue(hj, hk);
                }
                foreach (int j in preempted)
                {
                    heap.Enqueue(j, (remaining[j], j));
                }
            }
            t++;
        }

        return new SrptRun(segments, wait, end, switches, completion);
    }

    private static int[] CloseSegments(List<int>? previous, int last)
    {
        if (previous is null)
        {
            return [last];
        }
        previous.Add(last);
        return [.. previous];
    }
}
