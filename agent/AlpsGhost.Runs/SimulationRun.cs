using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;

namespace AlpsGhost.Runs;

/// <summary><c>--kernel sim</c>: runs a workload to completion on the simulated ghOSt kernel and reports.</summary>
public static class SimulationRun
{
    /// <summary>The enclave's CPUs on a simulated machine of <paramref name="machineCpus"/>, or null for all.</summary>
    public static int[]? EnclaveCpus(EnclaveConfig config, int machineCpus, out string? error)
    {
        error = null;
        if (config.Cpus.All)
        {
            return null;
        }
        foreach (int cpu in config.Cpus.Cpus)
        {
            if (cpu >= machineCpus)
            {
                error = $"enclave CPU {cpu} does not exist: the simulated machine has CPUs 0-{machineCpus - 1} (--cpus {machineCpus})";
                return null;
            }
        }
        return [.. config.Cpus.Cpus];
    }

    /// <summary>Runs one workload under the request's policy; also used by alps-bench and the tests.</summary>
    /// <remarks>When <paramref name="cancel"/> is signalled the simulation stops and the report is <see cref="RunReport.Partial"/>.</remarks>
    /// <exception cref="SimulationLimitException">An agent policy on the ghOSt host, and more invocations than
    /// <see cref="SimulatedKernel.MaxEnclaveInvocations"/>: checked before anything runs.</exception>
    public static RunReport Run(Workload workload, RunRequest request, TextWriter log, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (request.Host == RunRequest.LinuxHost)
        {
            return SimulatedLinuxHost.Run(workload, request, log, cancel);
        }
        if (request.Policy != PolicyNames.Cfs)
        {
            SimulatedKernel.CheckEnclaveInvocations(workload.Name, workload.Invocations.Count);
        }
        return RunOnGhost(workload, request, log, cancel, options => new SimulatedKernel(workload, options), result =>
        {
            List<CompletionRecord> records = RecordsOf(workload, result);
            return (records, RunReport.Summarise(records, FunctionNames(workload), result.EndNs));
        });
    }

    /// <summary>Runs a streamed workload on the simulated ghOSt host: invocations are drawn as they arrive, the
    /// kernel drops each task after its exit and the summaries take each outcome as it comes, so memory follows the
    /// live tasks and one completion time per invocation, not the trace. The report equals
    /// <see cref="Run(Workload, RunRequest, TextWriter, CancellationToken)"/>'s for the same file, seed and request,
    /// except that it keeps no <see cref="RunReport.Records"/>.</summary>
    /// <exception cref="ArgumentException">The request is for the simulated Linux host, which replays a
    /// materialised workload (its process starts shift every arrival).</exception>
    /// <exception cref="SimulationLimitException">An agent policy and more invocations than
    /// <see cref="SimulatedKernel.MaxEnclaveInvocations"/>: counted (arrival times only) before anything runs when the expected count is
    /// more than half the limit; otherwise only the kernel's guard would stop it, at the first gtid past the limit.</exception>
    public static RunReport Run(StreamedWorkload workload, RunRequest request, TextWriter log, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (request.Host == RunRequest.LinuxHost)
        {
            throw new ArgumentException("the simulated Linux host replays a materialised workload (WorkloadFile.Load), not a streamed one", nameof(request));
        }
        // Counting draws every arrival time (0.23 s of CPU for the 10-minute slice of the 56-CPU hour, 2.7 % of its run): only worth it when the expected count
        // is within a factor of two of the limit. Beyond that the kernel's own guard still stops a run that gets there.
        if (request.Policy != PolicyNames.Cfs && workload.Invocations.ExpectedCount() > SimulatedKernel.MaxEnclaveInvocations / 2.0)
        {
            SimulatedKernel.CheckEnclaveInvocations(workload.Name, workload.Invocations.CountArrivals());
        }
        var summary = new InvocationOrderSummary(workload.Functions.Count);
        return RunOnGhost(workload, request, log, cancel,
            options => new SimulatedKernel(workload, options, outcome => summary.Add(outcome.InvocationId, Record(in outcome, outcome.ArrivalNs))),
            result => ([], summary.Summarise(FunctionNames(workload), result.EndNs)));
    }

    private static RunReport RunOnGhost(IWorkloadDefinition workload, RunRequest request, TextWriter log, CancellationToken cancel,
        Func<SimulationOptions, SimulatedKernel> createKernel,
        Func<SimulationResult, (IReadOnlyList<CompletionRecord> Records, (LatencySummary, List<FunctionReport>) Summary)> completions)
    {
        int[]? enclaveCpus = EnclaveCpus(request.Config, request.Cpus, out string? cpuError);
        if (cpuError is not null)
        {
            throw new ArgumentException(cpuError, nameof(request));
        }
        var options = new SimulationOptions
        {
            CpuCount = request.Cpus,
            Seed = request.Seed,
            EnclaveCpus = enclaveCpus,
            AgentMode = request.AgentMode,
            FairClass = request.FairClass,
            Costs = request.HostCosts?.Apply(SimulationCosts.Default) ?? SimulationCosts.Default,
            // The srpt bound starves long tasks by design; the watchdog would hand them to the fair class
            // and the run would no longer be SRPT.
            RunnableTimeoutNs = request.Policy == PolicyNames.Srpt ? 0 : request.Config.RunnableTimeoutMs * 1_000_000L,
        };
        using SimulatedKernel kernel = createKernel(options);
        CentralizedAgent? agent = null;
        BackgroundLearner? learner = null;
        SimulatedLearnerDriver? driver = null;
        PolicyPublisher? publisher = null;
        SeenFunctionsOracle? seen = null;
        if (request.Policy != PolicyNames.Cfs)
        {
            LogFilter filter = request.Log ?? LogFilter.Default(log);
            Action<string> agentLog = message => filter.Info("agent: " + message);
            bool learning = request.IsAlps && request.Learning;
            seen = request.Policy == PolicyNames.GittinsOracleSeen ? new SeenFunctionsOracle(workload) : null;
            publisher = new PolicyPublisher(
                request.Policy == PolicyNames.GittinsOracle ? GittinsOracleTable.Build(workload)
                : seen is not null ? seen.Initial
                : learning ? PolicySnapshot.Empty
                : AgentFactory.StaticTable(workload, request.Config));
            ObservationQueue? observations = learning || seen is not null ? new ObservationQueue(1 << 16) : null;
            IRemainingDemandOracle? oracle = request.Policy == PolicyNames.Srpt ? new SimulatedDemandOracle(kernel) : null;
            IGhostEnclave enclave = kernel.CreateEnclave();
            agent = AgentFactory.Create(enclave, workload, request.Config, publisher, observations, agentLog, oracle);
            kernel.AttachAgent(new SimulatedAgentAdapter(new AgentLoop(agent, enclave)));
            seen?.Start(kernel, publisher, observations!);
            if (learning)
            {
                LearningConfig lc = request.Config.Policy.Alps.Learning;
                int enclaveSize = enclaveCpus?.Length ?? request.Cpus;
                learner = new BackgroundLearner(observations!, publisher, LearnerSettings.From(lc, enclaveSize), agentLog);
                driver = new SimulatedLearnerDriver(kernel, agent, learner, observations!, LearnerSettings.PeriodNs(lc), LearnerSettings.FirstWaitNs(lc));
                driver.Start();
            }
        }
        SimulationResult result = kernel.Run(cancel);
        learner?.Dispose();
        (IReadOnlyList<CompletionRecord> records, (LatencySummary, List<FunctionReport>) summary) = completions(result);
        return BuildReport(workload, request, result, records, summary, agent, learner, driver, publisher?.Current,
            hostNotes: seen is null ? null : [seen.Describe()]);
    }

    /// <summary>A materialised run's records, in invocation order. Completion times count from
    /// <paramref name="workload"/>'s arrivals (a host model may have delayed the threads' arrival by a process start).</summary>
    internal static List<CompletionRecord> RecordsOf(Workload workload, SimulationResult result)
    {
        var records = new List<CompletionRecord>(result.Tasks.Count);
        foreach (TaskOutcome t in result.Tasks)
        {
            long arrival = (uint)t.InvocationId < (uint)workload.Invocations.Count ? workload.Invocations[t.InvocationId].ArrivalNs : t.ArrivalNs;
            records.Add(Record(in t, arrival));
        }
        return records;
    }

    /// <summary>One outcome as a report record, its completion time counted from <paramref name="arrivalNs"/>.</summary>
    private static CompletionRecord Record(in TaskOutcome t, long arrivalNs)
    {
        long finish = t.Finished ? Math.Max(t.FinishNs, arrivalNs) : t.FinishNs;
        return new CompletionRecord(t.FunctionId, arrivalNs, finish, t.DemandNs, t.ContextSwitches, t.Finished);
    }

    /// <summary>Prefix of the note that says which fair-class model ran (reports that print it once filter it).</summary>
    public const string FairClassNotePrefix = "simulated fair class: ";

    private static string FairClassNote(FairClassModel model) => FairClassNotePrefix + FairClassNames.Name(model) +
        (model == FairClassModel.Eevdf ? " (Linux 6.6+ EEVDF, a stock host)" : " (Linux 5.11 CFS, the ghOSt host)");

    /// <summary>(name, group) of each function, in id order: what the summaries are reported under.</summary>
    internal static List<(string Name, string Group)> FunctionNames(IWorkloadDefinition workload)
    {
        var functions = new List<(string, string)>(workload.Functions.Count);
        foreach (FunctionSpec f in workload.Functions)
        {
            functions.Add((f.Name, f.Group));
        }
        return functions;
    }

    /// <summary>The report of a simulated run from its <paramref name="summary"/> (and its <paramref name="records"/>
    /// in invocation order, if kept); <paramref name="hostNotes"/>, <paramref name="hostCounters"/> and
    /// <paramref name="mode"/> describe a host other than ghOSt.</summary>
    internal static RunReport BuildReport(IWorkloadDefinition workload, RunRequest request, SimulationResult result,
        IReadOnlyList<CompletionRecord> records, (LatencySummary Overall, List<FunctionReport> Functions) summary,
        CentralizedAgent? agent, BackgroundLearner? learner, SimulatedLearnerDriver? driver, PolicySnapshot? finalPolicy,
        IReadOnlyList<string>? hostNotes = null, IReadOnlyList<KeyValuePair<string, long>>? hostCounters = null, string? mode = null)
    {
        (LatencySummary overall, List<FunctionReport> lines) = summary;
        if (request.IsAlps && finalPolicy is not null)
        {
            for (int i = 0; i < lines.Count; i++)
            {
                if (finalPolicy.TryGet(i, out FunctionPolicy fp))
                {
                    lines[i] = lines[i] with { Rank = fp.Rank, SliceMs = fp.SliceNs / 1e6 };
                }
            }
        }

        var counters = new List<KeyValuePair<string, long>>
        {
            new("events", result.EventsProcessed),
            new("messages", result.MessagesProduced),
            new("queue_overflows", result.QueueOverflows),
            new("agent_cpu_ns", result.AgentCpuNs),
            new("agent_wakeups", result.AgentWakeups),
            new("fair_work_cpu_ns", result.FairWorkCpuNs),
            // 0 or 1: whether the runnable_timeout watchdog destroyed the enclave (reports count firings from this).
            new("watchdog_fired", result.WatchdogFired ? 1 : 0),
        };
        for (GhostTxnState s = GhostTxnState.Complete; s <= GhostTxnStates.LastFailure; s++)
        {
            long n = result.TxnsWithState(s);
            if (n > 0)
            {
                counters.Add(new("txn_" + GhostTxnStates.KernelName(s)["GHOST_TXN_".Length..].ToLowerInvariant(), n));
            }
        }
        if (agent is not null)
        {
            counters.Add(new("agent_seqnum_gaps", agent.Stats.SeqnumGaps));
            counters.Add(new("agent_corrupt_queue_resyncs", agent.Stats.CorruptQueueResyncs));
            counters.Add(new("agent_observation_drops", agent.Stats.ObservationDrops));
        }
        if (learner is not null && driver is not null)
        {
            counters.Add(new("learner_rounds", learner.Rounds));
            counters.Add(new("learner_failures", learner.Failures));
            counters.Add(new("learner_skipped_rounds", driver.SkippedRounds));
            counters.Add(new("learner_cpu_ns", driver.ChargedCpuNs));
            counters.Add(new("learner_snapshot_version", learner.LastSnapshot?.Version ?? 0));
        }
        if (hostCounters is not null)
        {
            counters.AddRange(hostCounters);
        }
        var notes = new List<string> { FairClassNote(request.FairClass) };
        if (hostNotes is not null)
        {
            notes.AddRange(hostNotes);
        }
        if (request.HostCosts is not null)
        {
            notes.Add(request.HostCosts.Provenance());
        }
        if (request.Policy == PolicyNames.Srpt && request.Config.RunnableTimeoutMs > 0)
        {
            notes.Add("srpt: runnable_timeout watchdog off (the oracle bound starves long tasks by design)");
        }
        if (result.StoppedAtTimeLimit)
        {
            notes.Add($"simulation stopped at its time bound ({result.EndNs / 1e9:F0} simulated s): {result.Unfinished + result.NotArrived} invocations did not finish by the bound");
        }
        if (result.WatchdogFired)
        {
            notes.Add($"runnable_timeout watchdog destroyed the enclave at {result.WatchdogFiredAtNs / 1e6:F1} ms (invocation {result.WatchdogStarvedInvocation} starved); remaining tasks finished in the fair class");
        }
        string policy = request.IsAlps ? (request.Learning ? request.Policy : request.Policy + "-static") : request.Policy;
        mode ??= !result.AgentAttached ? "none" : AgentModes.Name(result.AgentMode);
        return new RunReport(workload.Name, policy, request.Cpus, request.Seed, "sim", mode, result.EndNs,
            overall, lines, counters, notes, records) { Partial = result.Cancelled };
    }
}
