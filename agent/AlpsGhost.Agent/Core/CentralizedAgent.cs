using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Agent.Core;

/// <summary>
/// The centralized (global) ghOSt agent: one thread that reads every message of the enclave, keeps
/// the task table, asks an <see cref="ISchedulingPolicy"/> what to run, and commits transactions to
/// the enclave's CPUs. It talks only to <see cref="IGhostEnclave"/>, so it runs unchanged on a real
/// and on a simulated kernel.
/// </summary>
/// <remarks>
/// <para>One <see cref="RunOnce"/> = drain the queue (one handler per message type), then
/// <c>GlobalSchedule</c>: free CPUs take the best committable tasks, busy CPUs are preempted when the
/// policy says so, one COMMIT_TXN covers every chosen CPU, and each outcome is applied.</para>
/// <para>Invariants: a task is in the run queue iff its state is <see cref="TaskState.Queued"/> (outside
/// a round); a CPU is owned by at most one <see cref="TaskState.Latched"/>/<see cref="TaskState.OnCpu"/>
/// task; a failed transaction puts its task back with its key, so no task is ever lost; a task is
/// committed only when its status word is off-CPU and its barrier equals the last seqnum we read, so
/// the kernel never sees a decision made on stale information (it would answer TARGET_STALE).</para>
/// <para>Not thread-safe: every member, <see cref="SnapshotRunningTasks"/> included, must be called on
/// the agent thread. <see cref="Stats"/> may be read from anywhere.</para>
/// </remarks>
public sealed partial class CentralizedAgent
{
    private const int NoTask = -1;

    private readonly IGhostEnclave _enclave;
    private readonly int _abiVersion;
    private readonly ISchedulingPolicy _policy;
    private readonly AgentOptions _options;
    private readonly IFunctionResolver _resolver;
    private readonly ObservationQueue? _observations;
    private readonly Action<string>? _log;
    private readonly TaskTable _tasks;
    private readonly StatusWordRegion _words;
    private readonly AgentMode _mode;
    private readonly int _agentCpu;
    private readonly int[] _cpus;          // CPUs we may commit to
    private readonly int[] _runningOn;     // per possible CPU: slot owning it, or NoTask
    private readonly bool[] _assigned;     // per possible CPU: chosen this round
    private readonly int[] _chosenCpus;    // this round's transactions
    private readonly int[] _chosenSlots;
    private readonly int[] _chosenVictims;
    private readonly int[] _deferred;      // picks set aside for one round
    private int _deferredCount;
    private uint _ownAgentBarrier;
    private uint _seenOverflow;
    private long _nextLogNs;
    private long _suppressedLogs;

    /// <summary>Creates an agent over <paramref name="enclave"/>.</summary>
    /// <param name="enclave">The enclave (real or simulated).</param>
    /// <param name="policy">What to run; <see cref="ISchedulingPolicy.Initialize"/> is called here.</param>
    /// <param name="options">Sizing.</param>
    /// <param name="resolver">Maps a new task to its function, once.</param>
    /// <param name="observations">Where finished (and snapshot) invocation records go; null = none.</param>
    /// <param name="log">Rare-event log sink (rate-limited); null = silent.</param>
    public CentralizedAgent(IGhostEnclave enclave, ISchedulingPolicy policy, AgentOptions options, IFunctionResolver resolver,
        ObservationQueue? observations = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(enclave);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        options.Validate();
        _enclave = enclave;
        _abiVersion = enclave.AbiVersion;
        _policy = policy;
        _options = options;
        _resolver = resolver;
        _observations = observations;
        _log = log;
        _words = enclave.StatusWords;
        _mode = enclave.AgentMode;
        _agentCpu = enclave.AgentCpu;

        ReadOnlySpan<int> cpus = enclave.Cpus;
        int possible = enclave.PossibleCpus;
        var schedulable = new List<int>(cpus.Length);
        foreach (int cpu in cpus)
        {
            if ((uint)cpu >= (uint)possible)
            {
                throw new ArgumentException($"enclave CPU {cpu} is outside 0..PossibleCpus-1 ({possible - 1})", nameof(enclave));
            }
            // A spinning global agent owns its CPU; a sleeping one leaves it to enclave tasks.
            if (_mode == AgentMode.Spinning && cpu == _agentCpu)
            {
                continue;
            }
            schedulable.Add(cpu);
        }
        _cpus = schedulable.ToArray();
        _runningOn = new int[possible];
        Array.Fill(_runningOn, NoTask);
        _assigned = new bool[possible];
        _chosenCpus = new int[_cpus.Length];
        _chosenSlots = new int[_cpus.Length];
        _chosenVictims = new int[_cpus.Length];
        _tasks = new TaskTable(options.TaskCapacity);
        _deferred = new int[options.TaskCapacity];
        policy.Initialize(options.TaskCapacity);
        _seenOverflow = enclave.Queue.Overflow;
        Stats = new AgentStats(_mode, policy.Name);
    }

    /// <summary>Counters and gauges.</summary>
    public AgentStats Stats { get; }

    /// <summary>Tasks tracked.</summary>
    public int TaskCount => _tasks.Count;

    /// <summary>
    /// Whether a higher-class (CFS/RT) task wants the agent's CPU: <c>BOOST_PRIO</c> on the agent's status
    /// word. A spinning global agent should then hand its CPU over (ghOSt moves the global agent to
    /// another CPU); the executable's loop decides how.
    /// </summary>
    public bool AgentCpuContended =>
        (_words.ReadFlags(_enclave.AgentStatusWord(_agentCpu).Index) & StatusWordFlags.BoostPriority) != 0;

    /// <summary>
    /// The agent's own barrier as read at the start of the last <see cref="RunOnce"/>, before it drained the
    /// queue: a local yield with it fails (ESTALE) if a message arrived since, so the agent never sleeps with
    /// unread work (docs/ghost-abi.md §6.1).
    /// </summary>
    public uint LastAgentBarrier => _ownAgentBarrier;

    /// <summary>The options the agent was built with (the agent loop reads its spin budget).</summary>
    public AgentOptions Options => _options;

    /// <summary>
    /// One agent round: drain messages, schedule, commit.
    /// </summary>
    /// <returns>Absolute agent-clock ns by which the agent must run again even if no message arrives
    /// (a running task's slice expires while a task waits), or <see cref="long.MaxValue"/>.</returns>
    public long RunOnce()
    {
        Stats.Rounds++;
        // Read before draining: a local commit or a local yield with this barrier fails (AGENT_STALE / ESTALE)
        // if a message arrived after we looked, so the agent never sleeps with unread work.
        _ownAgentBarrier = _words.ReadBarrier(_enclave.AgentStatusWord(_agentCpu).Index);
        long now = _enclave.NowNanoseconds;
        Drain(now);
        uint overflow = _enclave.Queue.Overflow;
        if (overflow != _seenOverflow)
        {
            // The kernel dropped messages (ring full): whatever they said is only in the status words now.
            Stats.OverflowResyncs++;
            if (LogAllowed(now))
            {
                Emit($"kernel queue overflowed ({overflow - _seenOverflow} messages dropped); resynchronising {_tasks.Count} tasks from their status words");
            }
            _seenOverflow = overflow;
            ResyncAll(now);
        }
        long next = GlobalSchedule(_enclave.NowNanoseconds);
        RefreshGauges();
        return next;
    }

    /// <summary>
    /// Writes a progress record (<see cref="InvocationRecord.Completed"/> false) of every live task to the
    /// observation queue, with the CPU time used so far; called when the learner's window closes.
    /// </summary>
    public void SnapshotRunningTasks(long nowNs)
    {
        if (_observations is null)
        {
            return;
        }
        for (int slot = 0; slot < _tasks.HighWater; slot++)
        {
            ref AgentTask t = ref _tasks[slot];
            if (t.State == TaskState.Free)
            {
                continue;
            }
            InvocationRecord record = MakeRecord(ref t, nowNs, completed: false, departed: false, CurrentRuntime(ref t, nowNs));
            if (t.State == TaskState.Blocked)
            {
                record.BlockedNs += Math.Max(0, nowNs - t.BlockedSinceNs);
            }
            else if (t.State == TaskState.Queued)
            {
                record.WaitNs += Math.Max(0, nowNs - t.RunnableSinceNs);
            }
            _observations.TryWrite(in record);
        }
    }

    private long CurrentRuntime(ref AgentTask t, long now)
    {
        ref readonly GhostStatusWord word = ref _words[t.StatusWord.Index];
        long runtime = Math.Max(t.RuntimeNs, (long)word.Runtime);
        if ((_words.ReadFlags(t.StatusWord.Index) & StatusWordFlags.TaskOnCpu) != 0 && now > word.SwitchTime)
        {
            // The kernel refreshes runtime at switch-out: add the current stint.
            runtime = Math.Max(runtime, (long)word.Runtime + (now - word.SwitchTime));
        }
        return runtime;
    }

    private static InvocationRecord MakeRecord(ref AgentTask t, long now, bool completed, bool departed, long runtime) => new()
    {
        FunctionId = t.FunctionId,
        Bursts = t.Bursts,
        Gtid = t.Gtid,
        ArrivalNs = t.ArrivalNs,
        EndNs = now,
        CpuNs = runtime,
        BlockedNs = t.BlockedNs,
        WaitNs = t.WaitNs,
        Completed = completed,
        Departed = departed,
    };

    private void RefreshGauges()
    {
        int running = 0;
        foreach (int cpu in _cpus)
        {
            if (_runningOn[cpu] != NoTask)
            {
                running++;
            }
        }
        Stats.TasksKnown = _tasks.Count;
        Stats.RunQueueDepth = _policy.Count;
        Stats.TasksRunning = running;
        Stats.TasksRunnable = running + _policy.Count;
        Stats.ObservationDrops = _observations?.Dropped ?? 0;
        Stats.QueueOverflow = _enclave.Queue.Overflow;
    }

    /// <summary>Rate limit for rare-event logs; checked before the message is built so a suppressed line costs nothing.</summary>
    private bool LogAllowed(long now)
    {
        if (_log is null)
        {
            return false;
        }
        if (now < _nextLogNs)
        {
            _suppressedLogs++;
            return false;
        }
        _nextLogNs = now + _options.LogIntervalNs;
        return true;
    }

    private void Emit(string message)
    {
        long suppressed = _suppressedLogs;
        _suppressedLogs = 0;
        _log!(suppressed > 0 ? $"{message} ({suppressed} similar messages suppressed)" : message);
    }
}
