using AlpsGhost.Ghost;
using AlpsGhost.Workloads;

namespace AlpsGhost.Kernel;

/// <summary>Configuration of a <see cref="SimulatedKernel"/> run.</summary>
public sealed record SimulationOptions
{
    /// <summary>Number of CPUs (0..CpuCount-1).</summary>
    public int CpuCount { get; init; } = 2;

    /// <summary>Seed; the simulation has no random choice today, but keeps the seed so results name it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>ghOSt ABI whose payload sizes messages use (84, 90 or 91; see GhostMessageTypes.PayloadSize).</summary>
    public int AbiVersion { get; init; } = 91;

    /// <summary>Slots of the enclave default queue (power of two, at most 65536 = GHOST_MAX_QUEUE_ELEMS).</summary>
    public uint QueueElements { get; init; } = 65536;

    /// <summary>CPUs of the enclave; null = all CPUs.</summary>
    public int[]? EnclaveCpus { get; init; }

    /// <summary>How the global agent waits for work.</summary>
    /// <remarks>The instrument's default is ghOSt's own centralized model (spinning), which its tests pin down;
    /// hosts run <see cref="AgentModes.Default"/> through the config (<c>agent.mode</c>).</remarks>
    public AgentMode AgentMode { get; init; } = AgentMode.Spinning;

    /// <summary>CPU of the global agent; -1 = the first enclave CPU.</summary>
    public int AgentCpu { get; init; } = -1;

    /// <summary>runnable_timeout watchdog in ns; 0 = off (the kernel default, K69 kzalloc).</summary>
    public long RunnableTimeoutNs { get; init; }

    /// <summary>The enclave's <c>deliver_ticks</c> tunable (default 0).</summary>
    public bool DeliverTicks { get; init; }

    /// <summary>Scheduler tick period: 4 ms = CONFIG_HZ 250.</summary>
    public long TickNs { get; init; } = DefaultTickNs;

    /// <summary>The default <see cref="TickNs"/>: 4 ms, HZ 250.</summary>
    public const long DefaultTickNs = 4_000_000;

    /// <summary>Modelled costs.</summary>
    public SimulationCosts Costs { get; init; } = SimulationCosts.Default;

    /// <summary>Which fair class runs fair tasks: Linux 5.11 CFS (the ghOSt host, default) or 6.6+ EEVDF (a stock host).</summary>
    public FairClassModel FairClass { get; init; } = FairClassModel.Cfs511;

    /// <summary>CFS tunables (and the load-balance interval of both models); null = <see cref="CfsParameters.ForCpuCount"/>(CpuCount).</summary>
    public CfsParameters? Cfs { get; init; }

    /// <summary>EEVDF tunables when <see cref="FairClass"/> is EEVDF; null = <see cref="EevdfParameters.ForCpuCount"/>(CpuCount).</summary>
    public EevdfParameters? Eevdf { get; init; }

    /// <summary>Default <see cref="TimeLimitNs"/>: 30 simulated days. Arrivals end within a week
    /// (<see cref="WorkloadLimits.MaxDurationNs"/>) and a phase within an hour, so only a pathological run reaches it;
    /// it bounds the wall time of any run (the clock never runs on for ever).</summary>
    public const long DefaultTimeLimitNs = 30 * 86400 * 1_000_000_000L;

    /// <summary>Virtual time at which the run stops even if invocations are unfinished
    /// (<see cref="SimulationResult.StoppedAtTimeLimit"/> then says so).</summary>
    public long TimeLimitNs { get; init; } = DefaultTimeLimitNs;

    /// <summary>CPU each invocation's process spends starting (exec, loading) before its work, at
    /// <see cref="InvocationStartPriority"/> (0 = none, the ghOSt model).</summary>
    /// <remarks>Stock-Linux hosts (the <c>--host linux</c> twin of alps-bench real): the platform starts each
    /// invocation's process at its own SCHED_FIFO priority, so the start runs as real-time work on the CPU the
    /// real-time class chooses; the process then drops itself to SCHED_OTHER at nice 0 on that CPU (a class change:
    /// no CPU selection, placed with no lag) and does its work. Its completion time includes the start. Tasks outside
    /// ghOSt only. Measured per host (<c>alps-bench calibrate</c>, cost <c>invocation_start_cpu_ns</c>).</remarks>
    public long InvocationStartCpuNs { get; init; }

    /// <summary>SCHED_FIFO priority of each invocation's process start (see <see cref="InvocationStartCpuNs"/>).</summary>
    public int InvocationStartPriority { get; init; } = 50;

    /// <summary>CPU the host's launcher spends on each invocation before the invocation's process exists (0 = no
    /// launcher: each invocation enters the kernel at its arrival, the ghOSt model).</summary>
    /// <remarks>Stock-Linux hosts (the <c>--host linux</c> twin): one launcher thread, at
    /// <see cref="InvocationStartPriority"/>, starts every process. Asleep, it wakes <see cref="LauncherWakeLateNs"/>
    /// after an arrival; then, one arrival after another, it does its own work for the invocation (the real launcher's
    /// vfork), and only then does the invocation's process exist and begin its start. A burst of arrivals therefore
    /// queues at the launcher, as in the real one. Completion times still count from the scheduled arrival. Measured per
    /// host (<c>launcher_cpu_per_invocation_ns</c> and <c>timer_wakeup_late_ns</c> of a cost profile).</remarks>
    public long LauncherCpuPerInvocationNs { get; init; }

    /// <summary>How late the sleeping launcher wakes for an arrival (see <see cref="LauncherCpuPerInvocationNs"/>).</summary>
    public long LauncherWakeLateNs { get; init; }

    /// <summary>CPU each invocation's process spends exiting once its work is done (0 = none, the ghOSt model).</summary>
    /// <remarks>Stock-Linux hosts (the <c>--host linux</c> twin): a process that finished its work still writes its
    /// result, tears down its address space and exits, in whatever class it is in at the time. The invocation's
    /// completion time ends with its work; the thread lives, and competes for CPU, until the exit work is done.
    /// Measured per host (<c>alps-bench calibrate</c>, cost <c>invocation_exit_cpu_ns</c>).</remarks>
    public long InvocationExitCpuNs { get; init; }

    /// <summary>The fair server's runtime per period (Linux 6.12+; 0 = none, as on the ghOSt host's 5.11 kernel).</summary>
    /// <remarks>Linux 6.12+ gives each CPU's fair class a deadline server (runtime 50 ms, period 1 s by default,
    /// /sys/kernel/debug/sched/fair_server/cpuN), deferred: it runs only after fair tasks have been starved by real-time
    /// work for period - runtime, then runs them ahead of real-time work for its runtime. Measured here (Linux 6.18, a
    /// fair spinner and a SCHED_FIFO spinner pinned to one CPU): the fair task ran 51-54 ms after each 950 ms without
    /// CPU. See docs/simulator.md, "Real-time class".</remarks>
    public long FairServerRuntimeNs { get; init; }

    /// <summary>The fair server's period (see <see cref="FairServerRuntimeNs"/>).</summary>
    public long FairServerPeriodNs { get; init; } = 1_000_000_000;

    /// <summary>Faults to inject (docs/faults.md); default none.</summary>
    public Faults.FaultPlan Faults { get; init; } = AlpsGhost.Kernel.Faults.FaultPlan.None;
}
