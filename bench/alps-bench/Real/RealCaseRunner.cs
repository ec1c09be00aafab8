using System.Diagnostics;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Cli;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench.Real;

/// <summary>One real run: a workload's invocations as real processes under one policy, with the stock-Linux agent as a separate process (none for cfs).</summary>
/// <remarks>Order of a run: load average and a scan of every task outside the fair class, agent start and READY,
/// the launcher's run, agent SIGTERM, then the checks: every invocation completed, no invocation process survived,
/// and no task is outside the fair class that was not before the run.</remarks>
internal static class RealCaseRunner
{
    /// <summary>Policies a real run accepts: <c>cfs</c> (no agent) and every policy <c>alps-ghost-agent --kernel linux</c> enforces.</summary>
    public static readonly string[] Policies = [PolicyNames.Cfs, PolicyNames.Fifo, PolicyNames.Sfs, PolicyNames.Alps, PolicyNames.AlpsIo, PolicyNames.Srpt];

    /// <summary>How long the agent may take from start to READY=1 (a .NET start on a loaded machine takes seconds).</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A launch later than this after its arrival means the launcher itself was held up (it runs above every raised task): the run is noted as late.</summary>
    public const long LateLaunchNs = 100_000_000;

    /// <summary>How long the agent may take to return its tasks and exit after SIGTERM.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Throws a <see cref="BenchException"/> naming the accepted policies unless every one of <paramref name="policies"/> can run for real.</summary>
    public static void CheckPolicies(IEnumerable<string> policies)
    {
        foreach (string p in policies)
        {
            if (Array.IndexOf(Policies, p) < 0)
            {
                throw new BenchException($"policy '{p}' in --policies cannot run for real: accepted are {string.Join(", ", Policies)}");
            }
        }
    }

    /// <summary>Runs <paramref name="cell"/> for real on <paramref name="cpus"/> CPUs; its files go to <paramref name="workDir"/>.</summary>
    public static (CaseResult Result, RealRunFacts Facts) Run(MatrixRunner.Cell cell, int cpus, string workDir, string? agentExecutable, StartClass startClass = StartClass.Platform)
    {
        ArgumentNullException.ThrowIfNull(cell);
        Workload workload = cell.Source.Acquire();
        try
        {
            return Run(cell, workload, cpus, workDir, agentExecutable, startClass);
        }
        finally
        {
            cell.Source.Release();
        }
    }

    private static (CaseResult Result, RealRunFacts Facts) Run(MatrixRunner.Cell cell, Workload workload, int cpus, string workDir, string? agentExecutable, StartClass startClass)
    {
        Directory.CreateDirectory(workDir);
        double load = ProcFiles.LoadAverage();
        Dictionary<(int, long), ProcFiles.TaskStat> nonFairBefore = ProcFiles.NonFairTasks();
        long busyBefore = ProcFiles.MachineBusyNs();
        var clock = Stopwatch.StartNew();

        LaunchOutcome outcome;
        long agentCpu = -1, agentTotalCpu = 0, runWall;
        int? agentExit = null;
        AgentExitSummary? summary = null;
        var notes = new List<string>();
        LinuxAgentProcess? agent = null;
        try
        {
            if (cell.Policy != PolicyNames.Cfs)
            {
                string config = Path.Combine(workDir, "agent-config.json");
                File.WriteAllText(config, AgentConfigFile.Write(workload));
                agent = LinuxAgentProcess.Start(LinuxAgentProcess.Locate(agentExecutable), cell.Policy, config, workDir);
                agent.WaitReady(ReadyTimeout);
            }
            long agentCpuReady = agent?.CpuNs() ?? 0;
            long start = clock.ElapsedTicks;
            outcome = NativeLauncher.Run(workload, cpus, workDir, startClass);
            runWall = (long)((clock.ElapsedTicks - start) * (1e9 / Stopwatch.Frequency));
            if (agent is not null)
            {
                agentTotalCpu = agent.CpuNs();
                agentCpu = agentTotalCpu - agentCpuReady;
                agentExit = agent.Stop(StopTimeout);
                summary = AgentExitSummary.TryParse(agent.Stderr);
                File.WriteAllText(Path.Combine(workDir, "agent.log"), agent.Stderr);
                notes.Add(agentExit is int code
                    ? $"agent exited with code {code} after SIGTERM" + (summary is null ? "; it printed no exit summary" : "")
                    : $"agent ignored SIGTERM for {StopTimeout.TotalSeconds:F0} s and was killed");
            }
        }
        finally
        {
            agent?.Dispose();
        }
        long wall = (long)(clock.Elapsed.TotalMilliseconds * 1e6);
        long busy = ProcFiles.MachineBusyNs() - busyBefore;

        // Safety checks: nothing lost, nothing left behind, nothing left raised.
        var leftRaised = new List<string>();
        foreach (KeyValuePair<(int Tid, long Start), ProcFiles.TaskStat> t in ProcFiles.NonFairTasks())
        {
            if (!nonFairBefore.ContainsKey(t.Key))
            {
                leftRaised.Add($"tid {t.Key.Tid} ({t.Value.Comm}) policy {t.Value.Policy}");
            }
        }
        int stragglers = ProcFiles.ProcessesWithCommPrefix(LaunchSchedule.TagPrefix).Count;

        var records = new CompletionRecord[outcome.Records.Count];
        long span = 0, demand = 0, burnt = 0, startup = 0, rusage = 0, maxLag = 0;
        int lost = 0, endedRaised = 0;
        for (int i = 0; i < records.Length; i++)
        {
            LaunchRecord r = outcome.Records[i];
            InvocationSpec inv = workload.Invocations[i];
            bool done = r.Completed;
            records[i] = new CompletionRecord(inv.FunctionId, inv.ArrivalNs, done ? r.EndNs : 0, inv.CpuDemandNs, 0, done);
            lost += done ? 0 : 1;
            endedRaised += r.PolicyAtExit > 0 ? 1 : 0;
            span = Math.Max(span, r.EndNs);
            demand += inv.CpuDemandNs;
            burnt += Math.Max(0, r.CpuNs);
            startup += Math.Max(0, r.StartupCpuNs);
            rusage += Math.Max(0, r.RusageCpuNs);
            maxLag = Math.Max(maxLag, r.LaunchNs - r.ArrivalNs);
        }
        long agentCpuAll = summary is not null ? (long)(summary.CpuMs * 1e6) : agentTotalCpu;
        long other = busy - rusage - agentCpuAll - outcome.LauncherCpuNs;
        double otherShare = wall > 0 ? Math.Max(0, other) / ((double)wall * Environment.ProcessorCount) : 0;
        var facts = new RealRunFacts(load, otherShare, runWall, agentCpu, summary, agentExit, lost, leftRaised, stragglers, endedRaised,
            maxLag, demand, burnt, startup);

        notes.Add(outcome.Summary);
        if (summary is { Raised: 0 })
        {
            // alps raises nothing before its first learning round (policy.alps.learning.period_s): a short run is then cfs plus the agent's cost.
            notes.Add("the agent raised no task during this run, so every invocation ran in the fair class (alps raises only after its first learning round)");
        }
        if (!facts.Idle)
        {
            notes.Add($"NOT IDLE: other processes used {otherShare * 100:F1} % of the machine during the run (load average {load:F2} before it): real times include their interference");
        }
        if (maxLag > LateLaunchNs)
        {
            notes.Add($"LATE: an invocation was launched {maxLag / 1e6:F1} ms after its arrival (see launch_ns in launch.csv): the run did not follow its schedule, so its FCTs include the launcher's delay");
        }
        if (lost > 0)
        {
            notes.Add($"LOST: {lost} of {records.Length} invocations did not complete (see launch.csv)");
        }
        if (stragglers > 0)
        {
            notes.Add($"LEFT BEHIND: {stragglers} invocation processes were still alive after the run");
        }
        foreach (string t in leftRaised)
        {
            notes.Add("LEFT RAISED: " + t + " is outside the fair class after the run");
        }
        var functions = new List<(string, string)>(workload.Functions.Count);
        foreach (FunctionSpec f in workload.Functions)
        {
            functions.Add((f.Name, f.Group));
        }
        (LatencySummary overall, List<FunctionReport> lines) = RunReport.Summarise(records, functions, span);
        var counters = new List<KeyValuePair<string, long>>
        {
            new("invocations", records.Length),
            new("lost", lost),
            new("left_raised", leftRaised.Count),
            new("stragglers", stragglers),
            new("ended_raised", endedRaised),
            new("demand_cpu_ns", demand),
            new("measured_cpu_ns", burnt),
            new("startup_cpu_ns", startup),
            new("max_launch_lag_ns", maxLag),
            new("launcher_cpu_ns", outcome.LauncherCpuNs),
            new("wall_ns", runWall),
            new("other_cpu_ns", Math.Max(0, other)),
        };
        if (agentCpu >= 0)
        {
            counters.Add(new("agent_cpu_ns", agentCpu));
        }
        if (summary is not null)
        {
            counters.Add(new("agent_syscalls", summary.Syscalls));
            counters.Add(new("agent_raised", summary.Raised));
            counters.Add(new("agent_demoted", summary.Demoted));
        }
        string agentMode = cell.Policy == PolicyNames.Cfs ? "none" : "linux";
        var report = new RunReport(workload.Name, cell.Policy, cpus, workload.Seed, "real", agentMode, span, overall, lines, counters, notes, records);
        return (MatrixRunner.Summarise(cell with { AgentMode = agentMode }, cpus, report), facts);
    }
}
