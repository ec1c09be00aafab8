using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Kernel;
using AlpsGhost.Kernel.Faults;
using AlpsGhost.Workloads;

namespace AlpsGhost.Runs.Faults;

/// <summary>
/// Runs the ALPS agent (learning on) on the simulated kernel under each injected fault and checks the
/// properties of docs/faults.md: no task lost, CPU time conserved, no runnable wait beyond
/// runnable_timeout unless the watchdog (expected only in the long-stall scenario) destroyed the
/// enclave and every task finished in the fair class, and no exception escaping the agent.
/// </summary>
public static class FaultScenarios
{
    private const long Ms = 1_000_000;
    private const int MachineCpus = 4;          // spinning agent on CPU 0, three worker CPUs
    private const int WorkerCpus = MachineCpus - 1;
    private const int RunnableTimeoutMs = 1000; // short, so the long stall trips it quickly
    private const long DurationNs = 3000 * Ms;

    private sealed record Scenario(
        string Name,
        string Description,
        FaultPlan Plan,
        bool ExpectWatchdog = false,
        uint QueueElements = 65536,
        Func<ITrainer>? Trainer = null,
        bool Burst = false);

    private static readonly Scenario[] s_scenarios =
    [
        new("baseline", "no fault", FaultPlan.None),
        new("agent-stall-short", "agent gets no CPU for 400 ms at t=1 s (below runnable_timeout)",
            new FaultPlan { AgentStalls = [new AgentStall(1000 * Ms, 400 * Ms)] }),
        new("agent-stall-long", "agent gets no CPU for 1500 ms at t=1 s (past runnable_timeout)",
            new FaultPlan { AgentStalls = [new AgentStall(1000 * Ms, 1500 * Ms)] }, ExpectWatchdog: true),
        new("txn-failures", "5% of commits TARGET_STALE, 5% CPU_UNAVAIL",
            new FaultPlan { TxnFailures = [new TxnFailure(GhostTxnState.TargetStale, 0.05), new TxnFailure(GhostTxnState.CpuUnavail, 0.05)] }),
        new("queue-overflow", "message ring of 16 slots (2 TASK_NEWs fill it) and a 50 ms agent stall at t=1 s so it fills",
            new FaultPlan { AgentStalls = [new AgentStall(1000 * Ms, 50 * Ms)] }, QueueElements: 16),
        new("cpu-removed", "CPU 3 leaves the enclave at t=1 s while running a task",
            new FaultPlan { CpuRemovals = [new CpuRemoval(1000 * Ms, 3)] }),
        new("task-departed", "up to 3 live tasks (running first) move to the fair class at t=0.8 s and at t=1.6 s",
            new FaultPlan { TaskDepartures = [new TaskDeparture(800 * Ms, 3), new TaskDeparture(1600 * Ms, 3)] }),
        new("burst-3x", "arrivals at 3x capacity for 100 ms at t=1 s", FaultPlan.None, Burst: true),
        new("ring-corrupt", "random bytes into unread ring slots at t=0.5/1/1.5/2 s, tail index too at 1 and 2 s",
            new FaultPlan
            {
                RingCorruptions =
                [
                    new RingCorruption(500 * Ms, 64, false), new RingCorruption(1000 * Ms, 64, true),
                    new RingCorruption(1500 * Ms, 256, false), new RingCorruption(2000 * Ms, 16, true),
                ],
            }),
        new("learner-throws", "the learner's trainer throws every round", FaultPlan.None, Trainer: () => new ThrowingTrainer()),
        new("learner-nan", "the learner's trainer returns NaN / infinite / negative values", FaultPlan.None, Trainer: () => new NonFiniteTrainer()),
    ];

    /// <summary>The scenario names, in run order.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            var names = new string[s_scenarios.Length];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = s_scenarios[i].Name;
            }
            return names;
        }
    }

    /// <summary>Runs every scenario (or those named in <paramref name="only"/>) with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">A name in <paramref name="only"/> is not a scenario.</exception>
    public static IReadOnlyList<FaultScenarioResult> RunAll(ulong seed = 1, IReadOnlyCollection<string>? only = null, Action<string>? log = null)
    {
        if (only is not null)
        {
            foreach (string name in only)
            {
                if (Array.FindIndex(s_scenarios, s => s.Name == name) < 0)
                {
                    throw new ArgumentException($"unknown fault scenario '{name}': expected one of {string.Join(", ", Names)}", nameof(only));
                }
            }
        }
        var results = new List<FaultScenarioResult>();
        foreach (Scenario s in s_scenarios)
        {
            if (only is null || only.Contains(s.Name))
            {
                results.Add(Run(s, seed, log));
            }
        }
        return results;
    }

    private static FaultScenarioResult Run(Scenario scenario, ulong seed, Action<string>? log)
    {
        Workload workload = scenario.Burst
            ? ScenarioWorkloads.Build(seed, WorkerCpus, 0.5, DurationNs, burstStartNs: 1000 * Ms, burstNs: 100 * Ms, burstFactor: 3)
            : ScenarioWorkloads.Build(seed, WorkerCpus, 0.5, DurationNs);
        EnclaveConfig config = EnclaveConfigLoader.Default.With(new ConfigOverrides
        {
            Policy = "alps",
            Learning = true,
            WindowS = 1,
            PeriodS = 0.25,
        }) with { RunnableTimeoutMs = RunnableTimeoutMs };
        var options = new SimulationOptions
        {
            CpuCount = MachineCpus,
            Seed = seed,
            QueueElements = scenario.QueueElements,
            RunnableTimeoutNs = RunnableTimeoutMs * Ms,
            TimeLimitNs = DurationNs + (60_000 * Ms), // a task still alive a minute after the last arrival is lost
            Faults = scenario.Plan,
        };
        Action<string> agentLog = log is null ? _ => { } : m => log($"{scenario.Name}: {m}");

        using var kernel = new SimulatedKernel(workload, options);
        var publisher = new PolicyPublisher(PolicySnapshot.Empty);
        var observations = new ObservationQueue(1 << 16);
        IGhostEnclave enclave = kernel.CreateEnclave();
        CentralizedAgent agent = AgentFactory.Create(enclave, workload, config, publisher, observations, agentLog);
        var guarded = new GuardedAgent(new AgentLoop(agent, enclave));
        kernel.AttachAgent(guarded);
        LearningConfig lc = config.Policy.Alps.Learning;
        using var learner = new BackgroundLearner(observations, publisher, LearnerSettings.From(lc, MachineCpus), agentLog, scenario.Trainer?.Invoke());
        var driver = new SimulatedLearnerDriver(kernel, agent, learner, observations, LearnerSettings.PeriodNs(lc), LearnerSettings.FirstWaitNs(lc));
        driver.Start();
        SimulationResult result = kernel.Run();

        return Check(scenario, result, agent.Stats, guarded.Error, learner);
    }

    private static FaultScenarioResult Check(Scenario scenario, SimulationResult result, AgentStats stats, Exception? agentError, BackgroundLearner learner)
    {
        var violations = new List<string>();
        int completed = 0, departed = 0, lost = 0, cpuMismatches = 0;
        long maxWait = 0;
        int firstMismatch = -1;
        foreach (TaskOutcome t in result.Tasks)
        {
            maxWait = Math.Max(maxWait, t.MaxRunnableWaitNs);
            if (!t.Finished)
            {
                lost++;
                continue;
            }
            if (t.Departed)
            {
                departed++;
                if (!t.FinishedInFairClass)
                {
                    violations.Add($"invocation {t.InvocationId} departed but did not finish in the fair class");
                }
            }
            else
            {
                completed++;
            }
            if (t.CpuNs != t.DemandNs)
            {
                cpuMismatches++;
                firstMismatch = firstMismatch < 0 ? t.InvocationId : firstMismatch;
            }
        }
        if (lost > 0)
        {
            violations.Add($"{lost} tasks lost (arrived, never exited)");
        }
        if (result.NotArrived > 0)
        {
            violations.Add($"{result.NotArrived} invocations never arrived: the run stopped at {result.EndNs / 1e6:F0} ms");
        }
        if (cpuMismatches > 0)
        {
            TaskOutcome t = result.Tasks[firstMismatch];
            violations.Add($"CPU time not conserved for {cpuMismatches} tasks (invocation {t.InvocationId}: ran {t.CpuNs} ns, demand {t.DemandNs} ns)");
        }
        long timeoutNs = RunnableTimeoutMs * Ms;
        if (result.WatchdogFired)
        {
            if (!scenario.ExpectWatchdog)
            {
                violations.Add($"watchdog fired at {result.WatchdogFiredAtNs / 1e6:F1} ms (invocation {result.WatchdogStarvedInvocation} starved) in a scenario that must not starve a task");
            }
        }
        else
        {
            if (scenario.ExpectWatchdog)
            {
                violations.Add("the agent was stalled past runnable_timeout but the watchdog did not fire");
            }
            if (maxWait > timeoutNs)
            {
                violations.Add($"a runnable task waited {maxWait / 1e6:F1} ms > runnable_timeout {RunnableTimeoutMs} ms");
            }
        }
        if (agentError is not null)
        {
            violations.Add($"agent crashed: {agentError.GetType().Name}: {agentError.Message}");
        }

        FaultCounters f = result.Faults;
        var counters = new List<KeyValuePair<string, long>>
        {
            new("txn_failures_injected", f.TxnFailuresInjected),
            new("agent_wakes_deferred", f.AgentRunsDeferred),
            new("agent_stalled_ms", f.AgentStalledNs / Ms),
            new("cpus_removed", f.CpusRemoved),
            new("tasks_departed_by_fault", f.TasksDeparted),
            new("ring_bytes_corrupted", f.RingBytesCorrupted),
            new("queue_overflows", result.QueueOverflows),
            new("agent_overflow_resyncs", stats.OverflowResyncs),
            new("agent_corrupt_queue_resyncs", stats.CorruptQueueResyncs),
            new("agent_seqnum_gaps", stats.SeqnumGaps),
            new("agent_tasks_rediscovered", stats.TasksDiscovered),
            new("learner_rounds", learner.Rounds),
            new("learner_failures", learner.Failures),
        };
        // Each scenario must actually have exercised its fault, or it proves nothing.
        string? notExercised = scenario.Name switch
        {
            "agent-stall-short" or "agent-stall-long" when f.AgentRunsDeferred == 0 => "no agent wakeup was deferred",
            "txn-failures" when f.TxnFailuresInjected == 0 => "no transaction failure was injected",
            "queue-overflow" when result.QueueOverflows == 0 || stats.OverflowResyncs == 0 => "the ring never overflowed (or the agent never noticed)",
            "cpu-removed" when f.CpusRemoved != 1 => "the CPU was not removed",
            "task-departed" when f.TasksDeparted == 0 => "no task departed",
            "ring-corrupt" when f.RingBytesCorrupted == 0 || stats.CorruptQueueResyncs + stats.SeqnumGaps == 0 => "the corruption was never seen by the agent",
            "learner-throws" or "learner-nan" when learner.Failures == 0 => "no learning round failed",
            "burst-3x" when maxWait < 50 * Ms => "the burst did not queue work",
            _ => null,
        };
        if (notExercised is not null)
        {
            violations.Add("fault not exercised: " + notExercised);
        }

        var txns = new List<KeyValuePair<string, long>>();
        for (GhostTxnState s = GhostTxnState.Complete; s <= GhostTxnStates.LastFailure; s++)
        {
            long n = result.TxnsWithState(s);
            if (n > 0)
            {
                txns.Add(new(GhostTxnStates.KernelName(s)["GHOST_TXN_".Length..].ToLowerInvariant(), n));
            }
        }
        return new FaultScenarioResult(scenario.Name, scenario.Description, result.Arrived, completed, departed, lost,
            maxWait / 1e6, RunnableTimeoutMs, txns, result.WatchdogFired, scenario.ExpectWatchdog, counters, violations);
    }

    /// <summary>The agent loop as the kernel drives it, with exceptions caught and kept: an escaping exception is a failed scenario, not a crashed run.</summary>
    private sealed class GuardedAgent(AgentLoop loop) : ISimulatedAgent
    {
        public Exception? Error { get; private set; }

        public long RunOnce() => Iterate().DeadlineNs;

        public AgentWait Iterate()
        {
            if (Error is not null)
            {
                return new AgentWait(long.MaxValue, 0, YieldToFair: false); // a crashed agent never runs again (the watchdog then rescues its tasks)
            }
            try
            {
                return loop.Iterate();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Error = e;
                return new AgentWait(long.MaxValue, 0, YieldToFair: false);
            }
        }
    }
}
