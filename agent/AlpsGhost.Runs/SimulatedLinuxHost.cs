using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Config;
using AlpsGhost.Kernel;
using AlpsGhost.Linux;
using AlpsGhost.Workloads;

namespace AlpsGhost.Runs;

/// <summary>
/// The simulated twin of <c>--kernel linux</c> (<c>--kernel sim --host linux</c>): the backend's own decision code
/// (<see cref="LinuxPlacement"/>, <see cref="LinuxEnforcer"/>) driven by the simulated kernel's fair and real-time
/// classes instead of sched_setattr and schedstat, with the costs of the real backend and of alps-bench real's
/// process starts.
/// </summary>
/// <remarks>
/// <para>What is modelled: discovery of each invocation one <see cref="LinuxHostCosts.DiscoveryNs"/> after its
/// thread starts; the tick every <c>--linux-tick-ms</c>; bands as SCHED_FIFO priorities, the fair tier's nice as
/// load weights; the agent's CPU as SCHED_FIFO work at its priority each tick; the learner as SCHED_FIFO work at
/// the same priority (as on the real backend); each invocation's process start as SCHED_FIFO work at the
/// launcher's priority before its thread arrives (alps-bench real's <c>--start-class platform</c>).</para>
/// <para>Not modelled: SCHED_RR (alps-io runs SCHED_FIFO here), RT throttling (raised tasks in this harness never
/// hold every CPU for 950 ms of a second), the fair server, netlink message loss.</para>
/// <para>Deterministic: everything runs on the simulator's thread at virtual instants.</para>
/// </remarks>
internal sealed class SimulatedLinuxHost : IKernelScheduling, ITaskCpuSource, IRaisedTaskJournal
{
    private const int ESRCH = 3;
    private readonly SimulatedKernel _kernel;

    private SimulatedLinuxHost(SimulatedKernel kernel) => _kernel = kernel;

    /// <summary>Runs <paramref name="workload"/> under the request's policy on the simulated stock-Linux backend.</summary>
    public static RunReport Run(Workload workload, RunRequest request, TextWriter log, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        LinuxHostCosts costs = LinuxHostCosts.Measured;
        bool agentRuns = request.Policy != PolicyNames.Cfs;
        // Every invocation's thread arrives once its process start (at the launcher's priority) is done.
        Workload started = costs.StartCpuNs > 0 ? Shift(workload, costs.StartCpuNs) : workload;
        var options = new SimulationOptions
        {
            CpuCount = request.Cpus,
            Seed = request.Seed,
            FairClass = request.FairClass,
            // The process start is modelled below (at the launcher's priority), not as the cost table's per-task charge.
            Costs = (request.HostCosts?.Apply(SimulationCosts.Default) ?? SimulationCosts.Default) with { ProcessStartNs = 0 },
            RunnableTimeoutNs = 0, // no ghOSt watchdog on this host
        };
        using var kernel = new SimulatedKernel(started, options);
        var host = new SimulatedLinuxHost(kernel);
        if (costs.StartCpuNs > 0)
        {
            foreach (InvocationSpec inv in workload.Invocations)
            {
                kernel.ScheduleCallback(inv.ArrivalNs, _ => kernel.SpawnRealtimeWork("alps-launch", costs.LauncherPriority, costs.StartCpuNs, _ => { }));
            }
        }

        LinuxEnforcer? enforcer = null;
        BackgroundLearner? learner = null;
        SimulatedLearnerDriver? driver = null;
        PolicyPublisher? publisher = null;
        if (agentRuns)
        {
            LogFilter filter = request.Log ?? LogFilter.Default(log);
            Action<string> agentLog = message => filter.Info("agent: " + message);
            bool learning = request.IsAlps && request.Learning;
            publisher = new PolicyPublisher(learning || !request.IsAlps ? PolicySnapshot.Empty : AgentFactory.StaticTable(workload, request.Config));
            ObservationQueue? observations = learning ? new ObservationQueue(1 << 16) : null;
            LinuxPlacement placement = LinuxKernelRun.PlacementFor(request, publisher, request.Cpus);
            LinuxEnforcer e = enforcer = new LinuxEnforcer(placement, host, host, host, request.Config.Policy.Alps.StarvationLimitMs * 1_000_000L,
                maxTasks: 1 << 16, observations: observations, log: agentLog);
            bool srpt = request.Policy == PolicyNames.Srpt;
            for (int i = 0; i < workload.Invocations.Count; i++)
            {
                InvocationSpec inv = started.Invocations[i];
                int tid = SimulatedKernel.InvocationTid(i), function = inv.FunctionId;
                long demand = srpt ? inv.CpuDemandNs : 0;
                kernel.ScheduleCallback(inv.ArrivalNs + costs.DiscoveryNs, now => e.Track(tid, tid, function, 0, demand, now));
            }
            kernel.InvocationExited = (tid, now) => e.Exited(tid, now);
            long tickNs = request.LinuxTickMs * 1_000_000L;
            long agentCpuPerTick = (long)(costs.AgentCpuShare * tickNs);
            void Tick(long now)
            {
                e.Tick(now);
                kernel.SpawnRealtimeWork("alps-agent", PriorityBands.AgentPriority, agentCpuPerTick, _ => { });
                kernel.ScheduleCallback(now + tickNs, Tick);
            }
            kernel.ScheduleCallback(tickNs, Tick);
            if (learning)
            {
                LearningConfig lc = request.Config.Policy.Alps.Learning;
                learner = new BackgroundLearner(observations!, publisher, LearnerSettings.From(lc, request.Cpus), agentLog);
                driver = new SimulatedLearnerDriver(kernel, _ => { }, learner, observations!, LearnerSettings.PeriodNs(lc), PriorityBands.AgentPriority, LearnerSettings.FirstWaitNs(lc));
                driver.Start();
            }
        }
        SimulationResult result = kernel.Run(cancel);
        learner?.Dispose();
        var notes = new List<string>
        {
            "host model: the stock-Linux backend (--host linux): bands as SCHED_FIFO, the fair tier's nice as weights, a " +
            $"{request.LinuxTickMs} ms tick; costs measured on the real backend: {costs.Provenance}",
        };
        List<KeyValuePair<string, long>> extra = enforcer is null ? [] :
        [
            new("linux_raised", enforcer.Counters.Raised),
            new("linux_demoted", enforcer.Counters.Demoted),
            new("linux_weighted", enforcer.Counters.Weighted),
            new("linux_remapped", enforcer.Counters.Remapped),
        ];
        return SimulationRun.BuildReport(workload, request, result, null, learner, driver, publisher?.Current, notes, extra, "linux");
    }

    // The same invocations, each arriving later by shiftNs (its process start).
    private static Workload Shift(Workload workload, long shiftNs)
    {
        var shifted = new InvocationSpec[workload.Invocations.Count];
        for (int i = 0; i < shifted.Length; i++)
        {
            InvocationSpec inv = workload.Invocations[i];
            shifted[i] = inv with { ArrivalNs = inv.ArrivalNs + shiftNs };
        }
        return new Workload(workload.Name, workload.Functions, shifted)
        {
            DurationNs = workload.DurationNs,
            CpuCount = workload.CpuCount,
            DemandModels = workload.DemandModels,
            Description = workload.Description,
        };
    }

    /// <inheritdoc/>
    public int Raise(int tid, int priority, bool roundRobin) => _kernel.SetRealtime(tid, priority) ? 0 : ESRCH;

    /// <inheritdoc/>
    public int MakeFair(int tid, int nice) => _kernel.SetFair(tid, nice) ? 0 : ESRCH;

    /// <inheritdoc/>
    public bool IsRealtime(int tid) => false; // the process start ran before the thread arrived

    /// <inheritdoc/>
    public bool TryRead(int tgid, int tid, ref int handle, out long cpuNs, out long waitNs) => _kernel.TryReadSchedstat(tid, out cpuNs, out waitNs);

    /// <inheritdoc/>
    public void Release(ref int handle) => handle = -1;

    /// <inheritdoc/>
    public bool Healthy => true;

    /// <inheritdoc/>
    public void Raised(int tid, long startTime)
    {
    }

    /// <inheritdoc/>
    public void Returned(int tid)
    {
    }
}

/// <summary>The costs of the real stock-Linux backend and of alps-bench real's process starts that its twin uses.</summary>
/// <param name="StartCpuNs">CPU per invocation start (vfork, exec, loading), run at the launcher's priority.</param>
/// <param name="LauncherPriority">The launcher's SCHED_FIFO priority.</param>
/// <param name="DiscoveryNs">Process event to the task placed.</param>
/// <param name="AgentCpuShare">The agent thread's CPU, as a share of one CPU.</param>
/// <param name="Provenance">Where the numbers come from.</param>
internal sealed record LinuxHostCosts(long StartCpuNs, int LauncherPriority, long DiscoveryNs, double AgentCpuShare, string Provenance)
{
    /// <summary>Measured on the 2-CPU development VM (Linux 6.18), `alps-bench real --workloads fib-groups --policies
    /// cfs,sfs,alps,srpt --seeds 1 --utilization 0.85 --duration-s 20` with two other developers' builds running at
    /// SCHED_IDLE: start-up CPU 1.72-1.85 s for 839 invocations (report counter startup_cpu) plus launcher CPU
    /// 0.34-0.38 s (launcher_cpu): 2.5 ms each; discovery 314-477 us mean (agent exit summary discovery_us_mean);
    /// agent CPU 2.9-4.0 % of one CPU (agent_cpu over the run).</summary>
    public static LinuxHostCosts Measured { get; } = new(2_500_000, 50, 400_000, 0.03,
        "process start 2.5 ms of CPU at SCHED_FIFO 50, discovery 0.4 ms, agent 3 % of one CPU (alps-bench real, 2-CPU VM, Linux 6.18)");
}
