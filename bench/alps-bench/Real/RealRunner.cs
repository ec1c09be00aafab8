using System.Diagnostics;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Real;

/// <summary>Runs a workload as real threads on this Linux kernel: one dedicated thread per invocation,
/// started at its arrival time, burning its CPU phases as measured thread CPU time and sleeping its block phases.</summary>
/// <remarks>CPU phases are CPU time, not wall time (workload-format.md), so a thread that is preempted
/// keeps burning until its own CPU clock has advanced by the demand, exactly as the simulator models it.
/// All threads are pinned to the first N allowed CPUs so N matches the simulated machine.</remarks>
internal static class RealRunner
{
    // Each thread only burns and sleeps: a small stack keeps hundreds of them cheap.
    private const int StackBytes = 256 * 1024;
    private const int LauncherNice = -10;

    /// <summary>Runs <paramref name="workload"/> on <paramref name="cpus"/> CPUs; <paramref name="ghostEnclave"/> (optional) is an enclave folder whose <c>tasks</c> file each thread joins.</summary>
    public static RealRunResult Run(Workload workload, int cpus, DirectoryInfo? ghostEnclave, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (!LinuxThreads.Supported)
        {
            throw new BenchException("the real-thread engine needs Linux (clock_gettime(CLOCK_THREAD_CPUTIME_ID), sched_setaffinity)");
        }
        if (cpus < 1)
        {
            throw new BenchException($"--cpus {cpus} is not valid: expected at least 1");
        }
        List<int> allowed = LinuxThreads.AllowedCpus();
        var notes = new List<string>();
        List<int> cpuSet = allowed.Count >= cpus ? allowed.GetRange(0, cpus) : allowed;
        if (allowed.Count < cpus)
        {
            notes.Add($"only {allowed.Count} CPUs are allowed here ({string.Join(",", allowed)}); ran on those instead of {cpus}");
        }
        string? tasksFile = ghostEnclave is null ? null : Path.Combine(ghostEnclave.FullName, "tasks");
        if (tasksFile is not null && !File.Exists(tasksFile))
        {
            throw new BenchException($"--ghost-enclave {ghostEnclave!.FullName}: no 'tasks' file there (expected a ghOSt enclave folder such as /sys/fs/ghost/enclave_1)");
        }

        IReadOnlyList<InvocationSpec> invocations = workload.Invocations;
        int n = invocations.Count;
        var records = new CompletionRecord[n];
        var measured = new long[n];
        var joinFailures = new string?[n];
        long maxLag = 0;
        var threads = new Thread[n];
        long origin = 0;

        // The launcher is pinned first; every thread it creates inherits its mask (clone copies it).
        double load = ProcFiles.LoadAverage();
        bool raised = false;
        var launcher = new Thread(() =>
        {
            LinuxThreads.PinCurrentThread(cpuSet);
            // The launcher shares the CPUs with the load it creates; a higher priority keeps arrivals on time.
            raised = LinuxThreads.TrySetNice(LauncherNice);
            origin = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i++)
            {
                InvocationSpec inv = invocations[i];
                long wait = inv.ArrivalNs - ElapsedNs(origin);
                if (wait > 0)
                {
                    LinuxThreads.SleepNs(wait);
                }
                maxLag = Math.Max(maxLag, ElapsedNs(origin) - inv.ArrivalNs);
                int index = i;
                threads[i] = new Thread(() => RunInvocation(index, inv, origin, cpuSet, tasksFile, records, measured, joinFailures), StackBytes)
                {
                    IsBackground = true,
                    Name = "alps-bench-" + inv.Id,
                };
                threads[i].Start();
            }
        }, StackBytes)
        { Name = "alps-bench-launcher" };
        launcher.Start();
        launcher.Join();
        foreach (Thread t in threads)
        {
            t.Join();
        }
        long spanNs = 0;
        foreach (CompletionRecord r in records)
        {
            spanNs = Math.Max(spanNs, r.FinishNs);
        }
        foreach (string? failure in joinFailures)
        {
            if (failure is not null)
            {
                notes.Add(failure);
                break;
            }
        }
        var functions = new List<(string, string)>(workload.Functions.Count);
        foreach (FunctionSpec f in workload.Functions)
        {
            functions.Add((f.Name, f.Group));
        }
        (LatencySummary overall, List<FunctionReport> lines) = RunReport.Summarise(records, functions, spanNs);
        long burnt = 0, demand = 0;
        for (int i = 0; i < n; i++)
        {
            burnt += measured[i];
            demand += records[i].DemandNs;
        }
        var counters = new List<KeyValuePair<string, long>>
        {
            new("threads", n),
            new("demand_cpu_ns", demand),
            new("measured_cpu_ns", burnt),
            new("max_launch_lag_ns", maxLag),
        };
        notes.Add($"threads pinned to CPUs {string.Join(",", cpuSet)}; largest launch delay {maxLag / 1e6:F2} ms; launcher at nice {(raised ? LauncherNice : 0)}");
        if (double.IsFinite(load) && load > cpuSet.Count)
        {
            notes.Add($"load average {load:F1} before the run on a {Environment.ProcessorCount}-CPU machine: other processes competed for these CPUs, so real times include their interference");
        }
        log.Flush();
        string policy = tasksFile is null ? "cfs" : "ghost";
        var report = new RunReport(workload.Name, policy, cpuSet.Count, workload.Seed, "real", tasksFile is null ? "none" : "external", spanNs,
            overall, lines, counters, notes, records);
        return new RealRunResult(report, measured, cpuSet, maxLag);
    }

    private static void RunInvocation(int index, InvocationSpec inv, long origin, List<int> cpuSet, string? tasksFile,
        CompletionRecord[] records, long[] measured, string?[] joinFailures)
    {
        LinuxThreads.PinCurrentThread(cpuSet);
        // Threads inherit the launcher's raised priority; the workload itself runs at the default nice 0.
        LinuxThreads.TrySetNice(0);
        if (tasksFile is not null)
        {
            try
            {
                // Writing our tid to the enclave's tasks file moves this thread into ghOSt's class.
                File.AppendAllText(tasksFile, LinuxThreads.CurrentTid() + "\n");
            }
            catch (IOException e)
            {
                joinFailures[index] = $"could not join the ghOSt enclave ({tasksFile}): {e.Message}; such threads stayed in CFS";
            }
            catch (UnauthorizedAccessException e)
            {
                joinFailures[index] = $"could not join the ghOSt enclave ({tasksFile}): {e.Message}; such threads stayed in CFS";
            }
        }
        long cpuStart = LinuxThreads.ThreadCpuNs();
        long switchesStart = LinuxThreads.ThreadContextSwitches();
        foreach (Phase phase in inv.Phases)
        {
            if (phase.Kind == PhaseKind.Cpu)
            {
                Burn(phase.DurationNs);
            }
            else
            {
                LinuxThreads.SleepNs(phase.DurationNs);
            }
        }
        long finish = ElapsedNs(origin);
        measured[index] = LinuxThreads.ThreadCpuNs() - cpuStart;
        int switches = (int)Math.Min(int.MaxValue, LinuxThreads.ThreadContextSwitches() - switchesStart);
        records[index] = new CompletionRecord(inv.FunctionId, inv.ArrivalNs, finish, inv.CpuDemandNs, switches, Completed: true);
    }

    // Spins until this thread's own CPU clock has advanced by ns: preemption does not count as progress.
    private static void Burn(long ns)
    {
        long end = LinuxThreads.ThreadCpuNs() + ns;
        double sink = 1;
        while (LinuxThreads.ThreadCpuNs() < end)
        {
            // Tens of microseconds of arithmetic between clock reads: each read is a system call (~1-3 us).
            for (int k = 0; k < 20000; k++)
            {
                sink = (sink * 1.0000001) + 1e-9;
            }
        }
        GC.KeepAlive(sink);
    }

    private static long ElapsedNs(long origin) => (long)((Stopwatch.GetTimestamp() - origin) * (1e9 / Stopwatch.Frequency));
}
