using System.Globalization;
using System.Text;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Real;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench.Output;

/// <summary>Writes <c>report.md</c> of <c>alps-bench real</c>: the same per-workload sections as <c>run</c> over the
/// real runs, then the simulator's prediction and its error per group and policy, and per policy the agent's cost,
/// the safety checks and how idle the machine was.</summary>
internal static class RealReport
{
    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>The report text. <paramref name="real"/> and <paramref name="facts"/> are index-aligned; <paramref name="sim"/> holds the same cells simulated.</summary>
    /// <param name="simOwnCosts">The same cells simulated with each real run's own measured host costs
    /// (<c>predict --costs-per-run</c>), or null when the profile cannot serve it.</param>
    public static string Write(MatrixSpec spec, IReadOnlyList<CaseResult> real, IReadOnlyList<RealRunFacts> facts, IReadOnlyList<CaseResult> sim,
        IReadOnlyDictionary<string, List<string>> plots, string machine, StartClass startClass = StartClass.Platform, IReadOnlyList<CaseResult>? simOwnCosts = null)
    {
        var text = new StringBuilder();
        text.AppendLine("# alps-bench real report");
        text.AppendLine();
        text.AppendLine(Invariant($"Real processes on this machine ({machine}); the invocations run on {spec.Cpus} CPUs; policies {string.Join(", ", spec.Policies)}; seeds {string.Join(", ", spec.Seeds)}."));
        text.AppendLine("Every policy runs the same invocations (same arrivals, same phases), each as its own process started at its arrival by alps-launch; " +
            "`cfs` runs without an agent (the kernel's fair class, EEVDF on Linux 6.6+); every other policy is `alps-ghost-agent --kernel linux --policy P` as a separate process.");
        text.AppendLine(startClass == StartClass.Platform
            ? "Process start (vfork, exec, loading: the stand-in for the platform starting a sandbox) runs at the launcher's priority under every policy; FCT still counts it (arrival to end), but no policy can delay it (`--start-class platform`)."
            : "Process start (vfork, exec, loading) runs in the fair class and competes with the invocations, so a policy that keeps the CPUs real-time delays starts (`--start-class fair`).");
        if (spec.Utilization is double u)
        {
            text.AppendLine(Invariant($"Target utilization overridden to {u:0.###}."));
        }
        if (spec.DurationS is double d)
        {
            text.AppendLine(Invariant($"Duration overridden to {d:0.###} s."));
        }
        text.AppendLine();
        int busy = facts.Count(f => !f.Idle);
        if (busy > 0)
        {
            text.AppendLine(Invariant($"**Warning: the machine was not idle** in {busy} of {facts.Count} runs (other processes used more than {RealRunFacts.IdleOtherCpuShare * 100:0} % of the machine): their real times include that interference. Repeat on an idle machine before drawing conclusions."));
            text.AppendLine();
        }
        int unsafeRuns = facts.Count(f => !f.Safe);
        text.AppendLine(unsafeRuns == 0
            ? "Safety: every invocation completed under every policy (0 lost), none survived its run, and no task was left outside the fair class."
            : Invariant($"**FAILED safety checks in {unsafeRuns} of {facts.Count} runs**: see the LOST / LEFT BEHIND / LEFT RAISED notes below."));
        text.AppendLine();
        text.AppendLine("Function completion time (FCT) = scheduled arrival to the end of the invocation's last phase, in ms. Every value is the mean over the seeds, with [min-max across seeds].");
        foreach (string workload in MarkdownReport.Workloads(real))
        {
            var mine = real.Where(r => r.Workload == workload).ToList();
            var simMine = sim.Where(r => r.Workload == workload).ToList();
            text.AppendLine();
            text.AppendLine("## " + workload);
            text.AppendLine();
            MarkdownReport.WriteWorkload(text, mine, spec.Policies);
            WritePrediction(text, spec, mine, simMine, simOwnCosts?.Where(r => r.Workload == workload).ToList());
            WriteFacts(text, real, facts, workload, spec.Policies);
            MarkdownReport.WritePlots(text, workload, plots);
        }
        return text.ToString();
    }

    private static void WritePrediction(StringBuilder text, MatrixSpec spec, List<CaseResult> real, List<CaseResult> sim, List<CaseResult>? simOwnCosts)
    {
        text.AppendLine("### The simulator's prediction");
        text.AppendLine();
        string fairClass = spec.FairClass == AlpsGhost.Kernel.FairClassModel.Eevdf ? "EEVDF (Linux 6.6+)" : "5.11 CFS";
        string host = spec.Host == AlpsGhost.Runs.RunRequest.LinuxHost
            ? "the simulated twin of this backend (`--kernel sim --host linux`: the same placement and enforcement code over simulated SCHED_FIFO bands and a weighted fair class, with the process starts and the agent's measured costs; docs/simulator.md)"
            : "the simulated ghOSt agent (no model of this backend's bands, tick or process starts)";
        text.AppendLine(Invariant($"The same invocations on the simulated kernel: {host}, over the simulated {fairClass} fair class{(spec.HostCosts is null ? "" : ", with the host cost profile given by --costs")}; `cfs` = that fair class alone. ") +
            "Error = `(sim - real) / real` of the seed-averaged value: **positive = the simulator predicts slower completion than measured**.");
        text.AppendLine();
        text.Append(Real.PredictionError.Markdown(Real.PredictionError.Compare(Real.PredictionError.From(real), Real.PredictionError.From(sim))));
        text.AppendLine();
        if (simOwnCosts is not null)
        {
            text.AppendLine("With each run's own measured host costs instead of the profile's averages (its process start, launcher, background and agent CPU per call, from its counters; `alps-bench predict --costs-per-run`):");
            text.AppendLine();
            text.Append(Real.PredictionError.Markdown(Real.PredictionError.Compare(Real.PredictionError.From(real), Real.PredictionError.From(simOwnCosts))));
            text.AppendLine();
        }
    }

    private static void WriteFacts(StringBuilder text, IReadOnlyList<CaseResult> real, IReadOnlyList<RealRunFacts> facts, string workload, IReadOnlyList<string> policies)
    {
        text.AppendLine("### Agent cost, safety and machine (mean over seeds)");
        text.AppendLine();
        text.AppendLine("Agent CPU = the agent process's CPU time (/proc/<pid>/stat) from READY to the last invocation's exit, in % of one CPU; syscalls/s from its exit summary. " +
            "CPU burnt vs demand = the invocations' measured phase CPU time over their demand (above 100 % by the burner's clock-read overshoot). " +
            "Start-up CPU = CPU time of vfork + exec + loading per invocation (the twin of this backend models it, the launcher's work and each process's exit with the costs measured on this machine: docs/simulator.md; the ghOSt prediction does not). Other CPU = what anything else used, in % of the whole machine.");
        text.AppendLine();
        text.AppendLine("| policy | agent CPU % | agent syscalls/s | raised | demoted | lost | left raised | ended raised | max launch lag ms | CPU burnt vs demand | start-up CPU ms / inv | other CPU % | load before |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string p in policies)
        {
            var mine = new List<RealRunFacts>();
            var invocations = new List<int>();
            for (int i = 0; i < real.Count; i++)
            {
                if (real[i].Workload == workload && real[i].Policy == p)
                {
                    mine.Add(facts[i]);
                    invocations.Add(real[i].Report.Records.Count);
                }
            }
            if (mine.Count == 0)
            {
                continue;
            }
            string[] cells =
            [
                p,
                Num(mine.Select(f => f.AgentCpuPercent), "F2"),
                Num(mine.Select(f => f.AgentSyscallsPerSecond), "F0"),
                Num(mine.Select(f => (double?)f.AgentSummary?.Raised ?? double.NaN), "0.#"),
                Num(mine.Select(f => (double?)f.AgentSummary?.Demoted ?? double.NaN), "0.#"),
                mine.Sum(f => f.Lost).ToString(s_ci),
                mine.Sum(f => f.LeftRaised.Count).ToString(s_ci),
                Num(mine.Select(f => (double)f.EndedRaised), "0.#"),
                Num(mine.Select(f => f.MaxLaunchLagNs / 1e6), "F2"),
                Num(mine.Select(f => f.DemandCpuNs > 0 ? f.MeasuredCpuNs * 100.0 / f.DemandCpuNs : double.NaN), "F1") + " %",
                Num(mine.Select((f, i) => invocations[i] > 0 ? f.StartupCpuNs / 1e6 / invocations[i] : double.NaN), "F2"),
                Num(mine.Select(f => f.OtherCpuShare * 100), "F1") + (mine.Any(f => !f.Idle) ? " (not idle)" : ""),
                Num(mine.Select(f => f.LoadBefore), "F2"),
            ];
            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }
        text.AppendLine();
    }

    private static string Ms(double v) => double.IsFinite(v) ? v.ToString("F2", s_ci) : "n/a";

    // Mean of the finite values, or "-" (e.g. agent columns for cfs).
    private static string Num(IEnumerable<double> values, string format)
    {
        SeedAggregate a = SeedAggregate.Of(values);
        return double.IsFinite(a.Mean) ? a.Mean.ToString(format, s_ci) : "-";
    }

    private static string Invariant(FormattableString s) => s.ToString(s_ci);
}
