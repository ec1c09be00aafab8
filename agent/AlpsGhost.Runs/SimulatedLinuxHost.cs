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
/// <para>What is modelled: each invocation's process start as the invocation's own thread running at the launcher's
/// SCHED_FIFO priority (alps-bench real's <c>--start-class platform</c>) before it drops itself to SCHED_OTHER where it
/// ran; the launcher, one thread at that priority that wakes a timer's lateness after an arrival and does its own work
/// for each invocation, one after another, before that invocation's process exists (alps-launch's vfork); the exit work after each invocation's completion
/// time, in the class the task is in; the host's background work (kernel threads) as fair bursts; discovery of each
/// invocation one <see cref="LinuxHostCosts.DiscoveryNs"/> after its start ends (<see cref="SimulatedKernel.InvocationStartEnded"/>);
/// the fair class's periodic balance at this kernel's busy interval (<see cref="LinuxHostCosts.BusyBalanceIntervalNs"/>); the tick every <c>--linux-tick-ms</c>;
/// bands as SCHED_FIFO priorities, the fair tier's nice as load weights; the agent's CPU as SCHED_FIFO work at its
/// priority each tick, charged per system call the real agent makes (<see cref="LinuxHostCosts.AgentCpuPerCallNs"/>);
/// the learner as SCHED_FIFO work at the same priority (as on the real backend). Every cost is in
/// <see cref="LinuxHostCosts.Measured"/>, with the command that measured it.</para>
/// The fair server of Linux 6.12+ (starved fair tasks run 50 ms after 950 ms behind real-time work).</para>
/// <para>Not modelled: SCHED_RR (alps-io runs SCHED_FIFO here), RT throttling (the fair server comes first on this
/// kernel), netlink message loss,
/// the real agent's stalls of up to a second before session 7 (the runtime's tier-up worker, see
/// <c>TieringWorkerGuard</c>).</para>
/// <para>Deterministic: everything runs on the simulator's thread at virtual instants.</para>
/// </remarks>
internal sealed class SimulatedLinuxHost : IKernelScheduling, ITaskCpuSource, IRaisedTaskJournal
{
    private const int ESRCH = 3;

    /// <summary>System calls the real agent (LinuxAgent) makes per invocation to hear of it: four process events (fork,
    /// exec, comm, exit), each waking its poll and drained by two receives (the event, then EAGAIN), and one /proc
    /// stat read to resolve the new process. An upper bound: events that arrive together share a wake-up.</summary>
    private const int ProcessEventCallsPerInvocation = 13;

    private readonly SimulatedKernel _kernel;

    // System calls the real agent would have made so far (sched_setattr, sched_getattr, schedstat reads and closes,
    // process events, timer wake-ups): its CPU is charged per call.
    private long _calls;

    private SimulatedLinuxHost(SimulatedKernel kernel) => _kernel = kernel;

    /// <summary>Runs <paramref name="workload"/> under the request's policy on the simulated stock-Linux backend.</summary>
    public static RunReport Run(Workload workload, RunRequest request, TextWriter log, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (request.LinuxBackendRefusal is string refusal)
        {
            throw new ArgumentException(refusal, nameof(request));
        }
        LinuxHostCosts costs = request.HostCosts is { HasLinuxBackendCosts: true } profile ? LinuxHostCosts.From(profile) : LinuxHostCosts.Measured;
        bool agentRuns = request.Policy != PolicyNames.Cfs;
        SimulationCosts kernelCosts = (request.HostCosts?.Apply(SimulationCosts.Default) ?? SimulationCosts.Default) with { ProcessStartNs = 0 };
        var options = new SimulationOptions
        {
            CpuCount = request.Cpus,
            Seed = request.Seed,
            FairClass = request.FairClass,
            // The fair class's periodic balancing at the pace of this kernel on busy CPUs (newidle pulls stay at once).
            Cfs = CfsParameters.ForCpuCount(request.Cpus) with { BalanceIntervalNs = LinuxHostCosts.BusyBalanceIntervalNs(request.Cpus, SimulationOptions.DefaultTickNs) },
            // The process start is modelled below (at the launcher's priority), not as the cost table's per-task charge.
            Costs = kernelCosts,
            RunnableTimeoutNs = 0, // no ghOSt watchdog on this host
            // Each invocation's thread runs its own process start at the launcher's priority, then drops to SCHED_OTHER.
            InvocationStartCpuNs = costs.StartCpuNs,
            InvocationStartPriority = costs.LauncherPriority,
            InvocationExitCpuNs = costs.ExitCpuNs,
            // The launcher (its own work per invocation, at the same priority) starts each process: it wakes a timer's
            // lateness after an arrival, and the process exists once its vfork returned.
            LauncherCpuPerInvocationNs = costs.LauncherCpuNs,
            LauncherWakeLateNs = kernelCosts.AgentTickWakeupNs,
            // Linux 6.12+: starved fair tasks get 50 ms of each second (the deferred fair server).
            FairServerRuntimeNs = LinuxHostCosts.FairServerRuntimeNs,
            FairServerPeriodNs = LinuxHostCosts.FairServerPeriodNs,
        };
        using var kernel = new SimulatedKernel(workload, options);
        var host = new SimulatedLinuxHost(kernel);
        StartBackgroundWork(kernel, costs.BackgroundCpuShare * request.Cpus, workload.DurationNs);

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
            // The agent hears of the process when it names itself, at the end of its start (however late the launcher
            // and the real-time class let that start run), one discovery latency later.
            kernel.InvocationStartEnded = (tid, ended) => kernel.ScheduleCallback(ended + costs.DiscoveryNs, now =>
            {
                InvocationSpec inv = workload.Invocations[tid - SimulatedKernel.InvocationTid(0)];
                host._calls += ProcessEventCallsPerInvocation;
                e.Track(tid, tid, inv.FunctionId, 0, srpt ? inv.CpuDemandNs : 0, now);
            });
            kernel.InvocationExited = (tid, now) => e.Exited(tid, now);
            long tickNs = request.LinuxTickMs * 1_000_000L;
            long callsCharged = 0;
            void Tick(long now)
            {
                host._calls++; // the timer's wake-up
                e.Tick(now);
                // The agent's CPU since the last tick: its system calls, each at the measured cost of one call with the
                // agent's own work around it.
                long cpu = (host._calls - callsCharged) * costs.AgentCpuPerCallNs;
                callsCharged = host._calls;
                if (cpu > 0)
                {
                    kernel.SpawnRealtimeWork("alps-agent", PriorityBands.AgentPriority, cpu, _ => { });
                }
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
            new("agent_syscalls", host._calls),
            new("fair_server_activations", result.FairServerActivations),
        ];
        List<CompletionRecord> records = SimulationRun.RecordsOf(workload, result);
        return SimulationRun.BuildReport(workload, request, result, records,
            RunReport.Summarise(records, SimulationRun.FunctionNames(workload), result.EndNs), null, learner, driver, publisher?.Current, notes, extra, "linux");
    }

    /// <summary>Period of the background work's bursts: short against every completion time that matters.</summary>
    private const long BackgroundPeriodNs = 10_000_000;

    // The host's own work that no run accounts for (kernel threads such as kdamond and kworkers, the platform's
    // daemons): cpus' worth of CPU per second, as fair-class bursts at nice 0 every BackgroundPeriodNs until the
    // arrivals end, like the kernel threads it stands for.
    private static void StartBackgroundWork(SimulatedKernel kernel, double cpus, long untilNs)
    {
        long burst = (long)(cpus * BackgroundPeriodNs);
        if (burst <= 0)
        {
            return;
        }
        void Burst(long now)
        {
            kernel.SpawnFairWork("background", burst, _ => { });
            if (now + BackgroundPeriodNs < untilNs)
            {
                kernel.ScheduleCallback(now + BackgroundPeriodNs, Burst);
            }
        }
        kernel.ScheduleCallback(0, Burst);
    }

    /// <inheritdoc/>
    public int Raise(int tid, int priority, bool roundRobin)
    {
        _calls++;
        return _kernel.SetRealtime(tid, priority) ? 0 : ESRCH;
    }

    /// <inheritdoc/>
    public int MakeFair(int tid, int nice)
    {
        _calls++;
        return _kernel.SetFair(tid, nice) ? 0 : ESRCH;
    }

    /// <inheritdoc/>
    public bool IsRealtime(int tid)
    {
        _calls++;
        return _kernel.IsRealtime(tid); // still in its process start (at the launcher's priority)
    }

    /// <inheritdoc/>
    public bool TryRead(int tgid, int tid, ref int handle, out long cpuNs, out long waitNs)
    {
        _calls += handle < 0 ? 2 : 1; // the first read opens the file
        handle = 0;
        return _kernel.TryReadSchedstat(tid, out cpuNs, out waitNs);
    }

    /// <inheritdoc/>
    public void Release(ref int handle)
    {
        if (handle >= 0)
        {
            _calls++; // close
        }
        handle = -1;
    }

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
/// <param name="StartCpuNs">CPU per invocation start (vfork, exec, loading), run at the launcher's priority before the
/// invocation's thread arrives.</param>
/// <param name="LauncherCpuNs">The launcher's own CPU per invocation (schedule bookkeeping, wait4, reading the
/// result), at its priority.</param>
/// <param name="ExitCpuNs">CPU per invocation after its work (writing its result, address-space teardown, exit), in the
/// class the task is in then.</param>
/// <param name="BackgroundCpuShare">CPU used by nothing the run started (kernel threads, daemons), as a share of the
/// machine (every CPU).</param>
/// <param name="LauncherPriority">The launcher's SCHED_FIFO priority.</param>
/// <param name="DiscoveryNs">Process event to the task placed.</param>
/// <param name="AgentCpuPerCallNs">The agent's CPU per system call it makes, its own work around the call included.</param>
/// <param name="Provenance">Where the numbers come from.</param>
internal sealed record LinuxHostCosts(long StartCpuNs, long LauncherCpuNs, long ExitCpuNs, double BackgroundCpuShare, int LauncherPriority,
    long DiscoveryNs, long AgentCpuPerCallNs, string Provenance)
{
    /// <summary>The stock-Linux backend's costs of <paramref name="profile"/> (which must hold them); the launcher's
    /// priority and the discovery latency stay the built-in ones.</summary>
    public static LinuxHostCosts From(HostCostProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        IReadOnlyDictionary<string, HostCost> c = profile.Costs;
        return Measured with
        {
            StartCpuNs = c[HostCostProfile.InvocationStartCpu].ValueNs,
            ExitCpuNs = c[HostCostProfile.InvocationExitCpu].ValueNs,
            LauncherCpuNs = c[HostCostProfile.LauncherCpuPerInvocation].ValueNs,
            BackgroundCpuShare = c[HostCostProfile.BackgroundCpuPerCpuSecond].ValueNs / 1e9,
            AgentCpuPerCallNs = c[HostCostProfile.AgentCpuPerSyscall].ValueNs,
            Provenance = string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "process start {0:0.###} ms and launcher {1:0.###} ms per invocation at SCHED_FIFO {2}, exit {3:0.###} ms, background {4:0.##} %, agent {5:0.#} us per system call, from the cost profile: {6}",
                c[HostCostProfile.InvocationStartCpu].ValueNs / 1e6, c[HostCostProfile.LauncherCpuPerInvocation].ValueNs / 1e6, Measured.LauncherPriority,
                c[HostCostProfile.InvocationExitCpu].ValueNs / 1e6, c[HostCostProfile.BackgroundCpuPerCpuSecond].ValueNs / 1e7,
                c[HostCostProfile.AgentCpuPerSyscall].ValueNs / 1e3, profile.Provenance()),
        };
    }

    /// <summary>The fair server's runtime per period on this host's kernel (Linux 6.12+ default, 50 ms / 1 s; measured
    /// here with a fair and a SCHED_FIFO spinner pinned to one CPU: the fair task ran 51-54 ms after each 950 ms).</summary>
    public const long FairServerRuntimeNs = 50_000_000;

    /// <summary>
    /// How often a busy CPU runs the fair class's periodic load balance on a machine whose CPUs form one scheduling
    /// domain (a VM's vCPUs sharing a cache, no SMT; this 2-CPU VM): Linux 6.x <c>sd_init</c> sets the domain's
    /// <c>balance_interval</c> to its weight in ms (one per CPU) and <c>busy_factor</c> to 16, and
    /// <c>get_sd_balance_interval</c> turns <c>interval x busy_factor</c> into jiffies and takes one off: 2 CPUs at HZ
    /// 250 (4 ms ticks) balance every 32 ms = 8 ticks - 1 = 28 ms. (The interval doubles up to twice the weight while
    /// balancing finds nothing to move, which is not modelled.) Idle CPUs pull at once (newidle balance).
    /// </summary>
    public static long BusyBalanceIntervalNs(int cpus, long tickNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cpus, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tickNs, 1);
        const long BusyFactor = 16;
        long busyNs = cpus * BusyFactor * 1_000_000L;
        long ticks = (busyNs + tickNs - 1) / tickNs; // msecs_to_jiffies rounds up
        return Math.Max(1, ticks - 1) * tickNs;
    }

    /// <summary>The fair server's period (see <see cref="FairServerRuntimeNs"/>).</summary>
    public const long FairServerPeriodNs = 1_000_000_000;

    /// <summary>Measured on the 2-CPU development VM (Linux 6.18) from the idle real matrix `alps-bench real --workloads
    /// fib-groups,azure2019,mixed-io-cpu --policies cfs,sfs,alps,srpt --seeds 1,2,3 --utilization 0.85 --duration-s 60`
    /// (docs/measurements/linux-real-2026-12-01) by `alps-bench calibrate --costs-from-real
    /// docs/measurements/linux-real-2026-12-01 ...` (BackendCostsFromRuns; the same numbers are in
    /// bench/cost-profiles/firecracker-2vcpu-linux-6.18.json): over the 19,406 invocations of the nine cfs runs, start
    /// 2.57 ms and exit 0.73 ms of CPU; launcher 0.51 ms per invocation (0.40-0.80 per run); background 0.60 % (median;
    /// one run at 3.6 %, the first after a build); agent 20.7 us of CPU per system call (median of the 27 agent runs,
    /// 13.6-27.5). Discovery 314-477 us mean (agent exit summary discovery_us_mean) from `alps-bench real --workloads
    /// fib-groups --policies cfs,sfs,alps,srpt --seeds 1 --utilization 0.85 --duration-s 20`.</summary>
    public static LinuxHostCosts Measured { get; } = new(2_572_000, 514_000, 732_000, 0.006, 50, 400_000, 20_700,
        "process start 2.57 ms and launcher 0.51 ms of CPU per invocation at SCHED_FIFO 50, exit 0.73 ms in the task's class, background 0.6 % of the machine, discovery 0.4 ms, agent 20.7 us of CPU per system call (alps-bench real, 2-CPU VM, Linux 6.18)");
}
