using System.Runtime.InteropServices;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;
using AlpsGhost.Kernel.Fair;
using AlpsGhost.Kernel.Faults;
using AlpsGhost.Workloads;

namespace AlpsGhost.Kernel;

/// <summary>
/// A deterministic, discrete-event simulated ghOSt kernel: N CPUs, a virtual nanosecond clock, a
/// CFS-like fair class, and a ghOSt enclave speaking the real ABI through memory laid out exactly as
/// the kernel's (message ring, status words, per-CPU transactions).
/// </summary>
/// <remarks>
/// <para>Each invocation of the workload is one task arriving at its arrival time, running its phases in order
/// and exiting. Invocations are consumed as a stream in arrival order: a task is created when it arrives and
/// dropped once it has exited and, if it had a status word, the agent has freed it; its outcome is recorded at
/// exit. So the kernel's memory follows the live tasks, not the trace (a <see cref="StreamedWorkload"/> never holds
/// the trace at all). Without <see cref="CreateEnclave"/> and <see cref="AttachAgent"/>
/// every task runs in the fair class (the <c>cfs</c> baseline).</para>
/// <para>Same inputs give identical results: no wall clock, no threads, no hash-order iteration (live tasks are
/// looked up by index; walks over them sort by index); events are ordered by (time, insertion). See
/// docs/simulator.md for the model and where it deviates from real ghOSt.</para>
/// </remarks>
public sealed unsafe partial class SimulatedKernel : IDisposable
{
    private const int TidBase = 1000;

    /// <summary>Most invocations a run with a ghOSt enclave may have: invocation i is thread <c>1000 + i</c>, and a
    /// gtid holds its tid in the bits above <see cref="GhostAbi.GtidSeqnumBits"/>, so every tid must stay below the
    /// kernel's <see cref="GhostAbi.PidMaxLimit"/> (2^22). The gtid layout is the ABI's; the simulator does not reuse
    /// tids, so the limit is on the run's size.</summary>
    public const int MaxEnclaveInvocations = GhostAbi.PidMaxLimit - TidBase;

    /// <summary>Throws when a run with an enclave of <paramref name="invocations"/> invocations of
    /// <paramref name="workloadName"/> would exceed <see cref="MaxEnclaveInvocations"/>.</summary>
    /// <exception cref="SimulationLimitException">Too many invocations; the message names the workload and the limit.</exception>
    public static void CheckEnclaveInvocations(string workloadName, long invocations)
    {
        if (invocations > MaxEnclaveInvocations)
        {
            throw new SimulationLimitException(
                $"workload '{workloadName}' has {invocations:N0} invocations: a simulated run with a ghOSt enclave holds at most {MaxEnclaveInvocations:N0} " +
                $"(each invocation is a thread, and a gtid has room for thread ids below {GhostAbi.PidMaxLimit:N0}); shorten the duration, " +
                "lower the utilization or the CPU count, or run the policy cfs");
        }
    }

    // Fair and real-time work (SpawnFairWork) is numbered from here: above every invocation id
    // (WorkloadBuilder.MaxInvocations), so in tie-breaks by index it comes after every invocation, whatever the
    // number of invocations, which a stream does not know in advance.
    private const int FairWorkIndexBase = 1 << 30;
    private const uint SwRegionId = 0;
    private const uint SwCapacity = 65534; // K69 sizes a region at 2 MiB

    private readonly IReadOnlyList<FunctionSpec> _functions;
    private readonly IEnumerable<InvocationSpec> _invocationSource;
    private readonly SimulationOptions _options;
    private readonly SimulationCosts _costs;
    private readonly CfsParameters _cfs;
    private readonly EventQueue _events = new();
    private readonly SimCpu[] _cpus;
    // Arrived tasks that may still be named (by index, tid or gtid): alive, or dead with a status word not yet freed.
    private readonly Dictionary<int, SimTask> _live = [];
    // Materialised workloads: every outcome, indexed by invocation id. Streamed ones: _recordOutcome instead.
    private readonly TaskOutcome[]? _outcomes;
    private readonly Action<TaskOutcome>? _recordOutcome;
    private IEnumerator<InvocationSpec>? _arrivals;
    private InvocationSpec? _nextArrival;
    private int _fairWorkSpawned;
    private int _peakLive;
    private readonly int[] _enclaveCpus;
    private readonly int _agentCpu;
    private readonly List<Action<long>?> _callbacks = [];
    private readonly Stack<int> _freeCallbacks = new();
    private readonly UtilizationTracker _util = new();
    private readonly long[] _messagesByType = new long[256];
    private readonly long[] _txnsByState = new long[GhostTxnStates.FinishedStateCount];

    private byte* _queueMem;
    private byte* _swMem;
    private byte* _cpuDataMem;
    private readonly nuint _queueLen;
    private readonly GhostQueueProducer _producer;
    private readonly GhostQueue _queue;
    private readonly StatusWordRegion _sw;
    private readonly CpuDataRegion _cpuData;
    private readonly StatusWordSlots _slots;

    private SimulatedEnclave? _enclave;
    private ISimulatedAgent? _agent;
    private bool _enclaveActive;
    private bool _ran;
    private bool _disposed;

    private long _now;
    private long _eventsProcessed;
    private bool _cancelled;
    private int _arrived;
    private int _finished;
    private long _contextSwitches;
    private long _messagesProduced;
    private long _overflows;
    private long _fairWorkCpuNs;
    private long _fairServerActivations;
    private int _entriesRefused;
    private bool _balancePending;
    private bool _watchdogFired;
    private bool _stoppedAtLimit;
    private bool _tickStopped;
    private long _watchdogAt = -1;
    private int _watchdogTask = -1;

    /// <summary>Creates a kernel for <paramref name="workload"/>; nothing runs until <see cref="Run"/>, whose result
    /// holds every invocation's outcome (<see cref="SimulationResult.Tasks"/>).</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public SimulatedKernel(Workload workload, SimulationOptions options)
        : this(NotNull(workload).Functions, workload.Invocations, new TaskOutcome[workload.Invocations.Count], null, options)
    {
    }

    /// <summary>Creates a kernel that draws <paramref name="workload"/>'s invocations as they arrive and hands each
    /// invocation's outcome to <paramref name="recordOutcome"/> (once: at its exit, or when the run stops for the
    /// unfinished and never-arrived ones); <see cref="SimulationResult.Tasks"/> is then empty.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public SimulatedKernel(StreamedWorkload workload, SimulationOptions options, Action<TaskOutcome> recordOutcome)
        : this(NotNull(workload).Functions, workload.Invocations, null, NotNull(recordOutcome), options)
    {
    }

    private static T NotNull<T>(T? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class => value ?? throw new ArgumentNullException(name);

    private SimulatedKernel(IReadOnlyList<FunctionSpec> functions, IEnumerable<InvocationSpec> invocations,
        TaskOutcome[]? outcomes, Action<TaskOutcome>? recordOutcome, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _functions = functions;
        _invocationSource = invocations;
        _outcomes = outcomes;
        _recordOutcome = recordOutcome;
        _options = options;
        _faults = new FaultInjector(options.Faults, options.Seed);
        int n = options.CpuCount;
        if (n <= 0 || n > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(options), n, "options.CpuCount must be 1..4096");
        }
        if (!GhostAbi.IsSupported(options.AbiVersion))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AbiVersion, "options.AbiVersion must be 84, 90 or 91");
        }
        uint q = options.QueueElements;
        if (q == 0 || (q & (q - 1)) != 0 || q > GhostAbi.MaxQueueElements)
        {
            throw new ArgumentOutOfRangeException(nameof(options), q, $"options.QueueElements must be a power of two <= {GhostAbi.MaxQueueElements}");
        }
        if (options.TickNs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TickNs, "options.TickNs must be > 0");
        }
        if (options.RunnableTimeoutNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RunnableTimeoutNs, "options.RunnableTimeoutNs must be >= 0 (0 = off)");
        }
        if (options.LauncherCpuPerInvocationNs < 0 || options.LauncherWakeLateNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "options.LauncherCpuPerInvocationNs and options.LauncherWakeLateNs must be >= 0");
        }
        if (options.TimeLimitNs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeLimitNs, "options.TimeLimitNs must be > 0");
        }
        ArgumentNullException.ThrowIfNull(options.Costs, "options.Costs");
        options.Costs.Validate();
        _costs = options.Costs;
        _cfs = options.Cfs ?? CfsParameters.ForCpuCount(n);
        _cfs.Validate();
        Func<SimCpu, IFairRunQueue> fairQueue;
        if (options.FairClass == FairClassModel.Eevdf)
        {
            EevdfParameters eevdf = options.Eevdf ?? EevdfParameters.ForCpuCount(n);
            eevdf.Validate();
            fairQueue = cpu => new EevdfRunQueue(cpu, eevdf, options.TickNs);
        }
        else if (options.FairClass == FairClassModel.Cfs511)
        {
            fairQueue = cpu => new CfsRunQueue(cpu, _cfs);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FairClass, "options.FairClass must be Cfs511 or Eevdf");
        }

        _cpus = new SimCpu[n];
        for (int i = 0; i < n; i++)
        {
            _cpus[i] = new SimCpu(i, fairQueue);
        }
        _enclaveCpus = ResolveEnclaveCpus(options.EnclaveCpus, n);
        foreach (int c in _enclaveCpus)
        {
            _cpus[c].InEnclave = true;
        }
        _agentCpu = options.AgentCpu == -1 ? _enclaveCpus[0] : options.AgentCpu;
        if (!_cpus[_agentCpu >= 0 && _agentCpu < n ? _agentCpu : 0].InEnclave || _agentCpu < 0 || _agentCpu >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AgentCpu, "options.AgentCpu must be -1 or a CPU of the enclave");
        }

        ArgumentNullException.ThrowIfNull(options.Faults, "options.Faults");
        options.Faults.Validate(n, _agentCpu);

        // Memory laid out exactly as the kernel's mappings; aligned like mmap'd pages.
        _queueLen = (nuint)((GhostAbi.QueueBytes((int)q) + 4095) & ~4095);
        _queueMem = (byte*)NativeMemory.AlignedAlloc(_queueLen, 4096);
        GhostQueueProducer.Initialize(_queueMem, q);
        _producer = new GhostQueueProducer(_queueMem);
        _queue = new GhostQueue(_queueMem, _queueLen);
        _produced = new ProducedMessages(q);

        nuint swLen = (nuint)StatusWordRegion.BytesFor(SwCapacity);
        _swMem = (byte*)NativeMemory.AlignedAlloc(swLen, 4096);
        StatusWordRegion.Initialize(_swMem, SwRegionId, SwCapacity);
        _sw = new StatusWordRegion(_swMem, swLen);

        nuint cdLen = (nuint)CpuDataRegion.BytesFor(n);
        _cpuDataMem = (byte*)NativeMemory.AlignedAlloc(cdLen, 4096);
        new Span<byte>(_cpuDataMem, (int)cdLen).Clear();
        _cpuData = new CpuDataRegion(_cpuDataMem, n);
        for (int i = 0; i < n; i++)
        {
            ref GhostTxn txn = ref _cpuData.Txn(i);
            txn.Cpu = i;
            txn.State = (int)GhostTxnState.Complete;
            txn.SyncGroupOwner = -1;
        }
        _slots = new StatusWordSlots(SwCapacity, reserved: (uint)n); // words 0..n-1 are the per-CPU agent words
    }

    private static int[] ResolveEnclaveCpus(int[]? cpus, int n)
    {
        if (cpus == null)
        {
            int[] all = new int[n];
            for (int i = 0; i < n; i++)
            {
                all[i] = i;
            }
            return all;
        }
        if (cpus.Length == 0)
        {
            throw new ArgumentException("options.EnclaveCpus is empty; use null for all CPUs", "options");
        }
        int[] sorted = (int[])cpus.Clone();
        Array.Sort(sorted);
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i] < 0 || sorted[i] >= n || (i > 0 && sorted[i] == sorted[i - 1]))
            {
                throw new ArgumentException($"options.EnclaveCpus has {sorted[i]}: expected distinct CPUs in 0..{n - 1}", "options");
            }
        }
        return sorted;
    }

    // An invocation's thread: the host's process start (SimulationOptions.InvocationStartCpuNs) if any, its work
    // phases, then the host's exit work (SimulationOptions.InvocationExitCpuNs) if any.
    private SimTask NewInvocationTask(int index, InvocationSpec inv)
    {
        long startNs = _options.InvocationStartCpuNs, exitNs = _options.InvocationExitCpuNs;
        if (startNs <= 0 && exitNs <= 0)
        {
            return new SimTask(index, TidBase + index, inv, inv.Phases, null) { ArrivalNs = inv.ArrivalNs };
        }
        int before = startNs > 0 ? 1 : 0;
        var phases = new Phase[before + inv.Phases.Length + (exitNs > 0 ? 1 : 0)];
        if (before > 0)
        {
            phases[0] = new Phase(PhaseKind.Cpu, startNs);
        }
        inv.Phases.CopyTo(phases, before);
        if (exitNs > 0)
        {
            phases[^1] = new Phase(PhaseKind.Cpu, exitNs);
        }
        return new SimTask(index, TidBase + index, inv, phases, null, before, before + inv.Phases.Length) { ArrivalNs = inv.ArrivalNs };
    }

    // The invocation's completion time is when its work ends, even if exit work follows.
    private void MarkWorkDone(SimTask t)
    {
        if (!t.WorkDone && t.PhaseIndex >= t.WorkPhases)
        {
            t.WorkDone = true;
            t.FinishNs = _now;
        }
    }

    /// <summary>Virtual time: the kernel clock, or while the agent runs, the agent's clock (run start plus its cost so far).</summary>
    public long NowNanoseconds => _inAgent ? AgentNow() : _now;

    /// <summary>Creates the enclave the agent will drive (call before <see cref="Run"/>).</summary>
    public IGhostEnclave CreateEnclave()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran)
        {
            throw new InvalidOperationException("CreateEnclave must be called before Run");
        }
        if (_options.InvocationStartCpuNs > 0 || _options.LauncherCpuPerInvocationNs > 0)
        {
            throw new InvalidOperationException("options.InvocationStartCpuNs and LauncherCpuPerInvocationNs model process starts outside ghOSt: a run with an enclave cannot use them");
        }
        if (_enclave == null)
        {
            _enclave = new SimulatedEnclave(this, _queue, _sw, _cpuData, _enclaveCpus, _agentCpu, _options.AgentMode, _options.AbiVersion);
            for (int i = 0; i < _cpus.Length; i++)
            {
                ref GhostStatusWord w = ref _sw.Writable((uint)i);
                w.Gtid = AgentGtid(i);
                w.Flags = (uint)(StatusWordFlags.Allocated | StatusWordFlags.InUse | StatusWordFlags.TaskIsAgent | StatusWordFlags.CpuAvailable);
            }
        }
        return _enclave;
    }

    /// <summary>Attaches the agent; requires <see cref="CreateEnclave"/> first.</summary>
    public void AttachAgent(ISimulatedAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_enclave == null)
        {
            throw new InvalidOperationException("AttachAgent needs CreateEnclave first");
        }
        if (_ran)
        {
            throw new InvalidOperationException("AttachAgent must be called before Run");
        }
        if (_options.AgentMode == AgentMode.Spinning && _cpus.Length < 2)
        {
            throw new InvalidOperationException("a spinning agent occupies its CPU; options.CpuCount must be >= 2 (or use AgentMode.QueueWakeup)");
        }
        _agent = agent;
    }

    /// <summary>Called with (tid, now) when an invocation's process start (<see cref="SimulationOptions.InvocationStartCpuNs"/>)
    /// is over and it has dropped to the fair class: where a stock-Linux process names itself, which the agent hears.
    /// The callback may only schedule work (<see cref="ScheduleCallback"/>): the kernel is mid-event.</summary>
    public Action<int, long>? InvocationStartEnded { get; set; }

    /// <summary>Called with (tid, now) when an invocation's thread exits (a host model's process-exit event).</summary>
    public Action<int, long>? InvocationExited { get; set; }

    /// <summary>Schedules <paramref name="callback"/>(now) at virtual time <paramref name="atNs"/> (or now if past), at zero cost.</summary>
    public void ScheduleCallback(long atNs, Action<long> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        int slot;
        if (_freeCallbacks.Count > 0)
        {
            slot = _freeCallbacks.Pop();
            _callbacks[slot] = callback;
        }
        else
        {
            slot = _callbacks.Count;
            _callbacks.Add(callback);
        }
        _events.Push(Math.Max(atNs, _now), EventKind.Callback, slot, 0);
    }

    /// <summary>Starts a fair-class thread needing <paramref name="cpuNs"/> of CPU now; <paramref name="onDone"/>(now) when it exits.</summary>
    public void SpawnFairWork(string name, long cpuNs, Action<long> onDone) => Spawn(name, cpuNs, onDone);

    private SimTask Spawn(string name, long cpuNs, Action<long> onDone)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpuNs);
        ArgumentNullException.ThrowIfNull(onDone);
        int index = FairWorkIndexBase + _fairWorkSpawned++;
        SimTask t = new(index, TidBase + index, null, [new Phase(PhaseKind.Cpu, cpuNs)], onDone) { ArrivalNs = _now };
        AddLive(t);
        _events.Push(_now, EventKind.FairSpawn, index, 0);
        return t;
    }

    private void AddLive(SimTask t)
    {
        _live.Add(t.Index, t);
        _peakLive = Math.Max(_peakLive, _live.Count);
    }

    // A dead task leaves the kernel once nothing can name it any more: its status word (if any) is free.
    private void ReleaseIfDone(SimTask t)
    {
        if (t.State == TaskState.Dead && !t.HasSw)
        {
            _live.Remove(t.Index);
        }
    }

    /// <summary>The live tasks in index order (invocations by id, then spawned work): for the rare walks over all
    /// tasks (enclave destruction, fault departures), which must not depend on the dictionary's order.</summary>
    private List<SimTask> LiveTasksInOrder()
    {
        var tasks = new List<SimTask>(_live.Values);
        tasks.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        return tasks;
    }

    /// <summary>Whether some invocation has not arrived or not finished yet.</summary>
    private bool InvocationsRemain => _nextArrival != null || _finished < _arrived || _launchQueue.Count > 0;

    private void TakeNextArrival() => _nextArrival = _arrivals!.MoveNext() ? _arrivals.Current : null;

    private void PushNextArrival()
    {
        TakeNextArrival();
        if (_nextArrival != null)
        {
            _events.Push(_nextArrival.ArrivalNs, EventKind.Arrival, _nextArrival.Id, 0);
        }
    }

    /// <summary>
    /// Fraction of enclave CPU time spent running tasks (ghost or fair) since <paramref name="sinceNs"/>.
    /// The spinning agent's CPU is excluded (it can never run tasks).
    /// </summary>
    public double EnclaveUtilization(long sinceNs)
    {
        int cpus = _enclaveCpus.Length - _faultCpusRemoved - (_enclaveActive && _options.AgentMode == AgentMode.Spinning ? 1 : 0);
        return _util.Since(sinceNs, _now, cpus);
    }

    /// <summary>Runs until every invocation has exited, nothing can happen any more, <c>TimeLimitNs</c>, or
    /// <paramref name="cancel"/> is signalled (then the result is partial: <see cref="SimulationResult.Cancelled"/>).</summary>
    public SimulationResult Run(CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran)
        {
            throw new InvalidOperationException("Run may be called once per kernel");
        }
        _ran = true;
        _enclaveActive = _enclave != null && _agent != null;
        RefreshFairAllowed();
        ArmFaults();
        _arrivals = _invocationSource.GetEnumerator();
        PushNextArrival();
        if (_enclaveActive && (_options.DeliverTicks || _options.RunnableTimeoutNs > 0))
        {
            _events.Push(_options.TickNs, EventKind.Tick, 0, 0);
        }
        if (_enclaveActive && _options.AgentMode == AgentMode.Spinning)
        {
            _cpus[_agentCpu].AgentRunning = true;
            SetAgentWordFlag(_agentCpu, StatusWordFlags.TaskOnCpu, true);
        }
        RequestAgentRun(0); // the agent's first iteration, so it can set itself up and ask for deadlines
        long limit = _options.TimeLimitNs;
        bool hitLimit = false;
        while (InvocationsRemain && _events.Count > 0)
        {
            if (_events.PeekTime > limit)
            {
                hitLimit = true;
                break;
            }
            // Checked every 4096 events: a token read per event would cost the hot loop for nothing.
            if ((_eventsProcessed & 4095) == 0 && cancel.IsCancellationRequested)
            {
                _cancelled = true;
                break;
            }
            SimEvent e = _events.Pop();
            _now = e.Time;
            _eventsProcessed++;
            Dispatch(in e);
        }
        if (hitLimit)
        {
            _now = limit;
            _stoppedAtLimit = true;
        }
        foreach (SimCpu c in _cpus)
        {
            Account(c);
        }
        return BuildResult();
    }

    private void Dispatch(in SimEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.Arrival:
                InvocationSpec inv = _nextArrival!;
                SimTask arriving = NewInvocationTask(inv.Id, inv);
                AddLive(arriving);
                if (HasLauncher)
                {
                    QueueLaunch(arriving);
                }
                else
                {
                    OnArrival(arriving);
                }
                PushNextArrival();
                break;
            case EventKind.FairSpawn:
                SimTask fw = _live[e.Arg];
                if (fw.RtPriority > 0)
                {
                    fw.Class = TaskClass.Realtime; // SpawnRealtimeWork
                    RtEnqueue(fw);
                }
                else
                {
                    fw.Class = TaskClass.Fair;
                    FairWake(fw, isNew: true);
                }
                break;
            case EventKind.Wakeup:
                OnWakeup(_live[e.Arg]);
                break;
            case EventKind.CpuDone:
                if (_cpus[e.Arg].Gen == e.Gen)
                {
                    OnCpuDone(_cpus[e.Arg]);
                }
                break;
            case EventKind.LatchEffective:
                if (_cpus[e.Arg].LatchGen == e.Gen)
                {
                    OnLatchEffective(_cpus[e.Arg]);
                }
                break;
            case EventKind.AgentWake:
                if (e.Gen == _agentWakeGen && _enclaveActive)
                {
                    _agentWakeAt = long.MaxValue;
                    StartAgentRun();
                }
                break;
            case EventKind.AgentDone:
                OnAgentDone();
                break;
            case EventKind.AgentSpinEnd:
                OnAgentSpinEnd(e.Gen);
                break;
            case EventKind.Tick:
                OnTick();
                break;
            case EventKind.Balance:
                OnBalance();
                break;
            case EventKind.FairServerStart:
                if (_cpus[e.Arg].FairServerGen == e.Gen)
                {
                    OnFairServerStart(_cpus[e.Arg]);
                }
                break;
            case EventKind.FairServerEnd:
                if (_cpus[e.Arg].FairServerGen == e.Gen)
                {
                    OnFairServerEnd(_cpus[e.Arg]);
                }
                break;
            case EventKind.Callback:
                Action<long> cb = _callbacks[e.Arg]!;
                _callbacks[e.Arg] = null;
                _freeCallbacks.Push(e.Arg);
                cb(_now);
                break;
        }
    }

    private void OnArrival(SimTask t)
    {
        _arrived++;
        FunctionSpec f = _functions[t.Invocation!.FunctionId];
        if (_enclaveActive && f.InEnclave)
        {
            if (TryAllocateStatusWord(t))
            {
                EnterGhost(t);
                return;
            }
            _entriesRefused++;
        }
        if (t.StartPhases > 0)
        {
            // The platform starts the process at its real-time priority (SimulationOptions.InvocationStartCpuNs).
            t.Class = TaskClass.Realtime;
            t.RtPriority = _options.InvocationStartPriority;
            RtEnqueue(t);
            return;
        }
        t.Class = TaskClass.Fair;
        FairWake(t, isNew: true);
    }

    // The process start is over: the process drops itself to SCHED_OTHER at nice 0 where it is (alps-burn does), then
    // does its work; the real-time work waiting here, or elsewhere, runs first, then the fair class picks.
    private void LeaveStart(SimTask t, SimCpu c)
    {
        if (t.Class != TaskClass.Realtime)
        {
            return; // already moved by someone else's sched_setattr
        }
        t.Weight = CfsParameters.WeightOfNice(0);
        JoinFairClass(t);
        ReschedAfterClassChange(c);
    }

    private void OnWakeup(SimTask t)
    {
        t.BlockedNs = Nanoseconds.SaturatingAdd(t.BlockedNs, t.Phases[t.PhaseIndex].DurationNs);
        t.PhaseIndex++;
        MarkWorkDone(t);
        if (t.PhaseIndex == t.Phases.Length)
        {
            // A trailing block phase: the task exits as it wakes (modelled with no CPU time).
            Exit(t, t.Cpu < 0 ? 0 : t.Cpu);
            return;
        }
        Phase p = t.Phases[t.PhaseIndex];
        if (p.Kind == PhaseKind.Block)
        {
            _events.Push(Nanoseconds.SaturatingAdd(_now, p.DurationNs), EventKind.Wakeup, t.Index, 0);
            return;
        }
        t.Remaining = p.DurationNs;
        if (t.Class == TaskClass.Ghost)
        {
            GhostWake(t);
        }
        else if (t.Class == TaskClass.Realtime)
        {
            RtEnqueue(t);
        }
        else
        {
            FairWake(t, isNew: false);
        }
    }

    private void OnCpuDone(SimCpu c)
    {
        Account(c);
        SimTask t = c.Current!;
        if (t.Remaining > 0 && t.Class != TaskClass.Fair)
        {
            ArmCpuEvent(c); // ghost and SCHED_FIFO tasks have no kernel slice: only completion ends their run
            return;
        }
        if (t.Remaining > 0)
        {
            // Fair slice expiry: the model decides whether a waiting task now goes first.
            if (c.Rq.ShouldYield(t))
            {
                RequeueCurrent(c);
                PickNext(c);
            }
            else
            {
                ArmCpuEvent(c);
            }
            return;
        }
        t.PhaseIndex++;
        MarkWorkDone(t);
        if (t.PhaseIndex < t.Phases.Length && t.Phases[t.PhaseIndex].Kind == PhaseKind.Cpu)
        {
            t.Remaining = t.Phases[t.PhaseIndex].DurationNs;
            ArmCpuEvent(c);
            if (t.PhaseIndex == t.StartPhases)
            {
                LeaveStart(t, c);
                InvocationStartEnded?.Invoke(t.Tid, _now);
            }
            return;
        }
        if (t.PhaseIndex == t.StartPhases)
        {
            if (t.Class == TaskClass.Realtime) // else someone's sched_setattr moved it already, as in LeaveStart
            {
                t.Weight = CfsParameters.WeightOfNice(0);
                JoinFairClass(t); // it drops to SCHED_OTHER, then blocks (an invocation that starts with I/O)
            }
            InvocationStartEnded?.Invoke(t.Tid, _now); // its start is over whichever class it is in, as on the CPU path above
        }
        StopRunning(c);
        if (t.PhaseIndex == t.Phases.Length)
        {
            Exit(t, c.Id);
        }
        else
        {
            Block(t, c);
        }
        PickNext(c);
    }

    private void Block(SimTask t, SimCpu c)
    {
        t.ContextSwitches++;
        t.State = TaskState.Blocked;
        if (t.Class == TaskClass.Ghost)
        {
            ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
            w.Runtime = (ulong)t.CpuNs;
            TaskBlockedPayload p = new() { Gtid = t.Gtid, Runtime = (ulong)t.CpuNs, CpuSeqnum = ++c.CpuSeqnum, Cpu = c.Id };
            ProduceTask(t, GhostMessageType.TaskBlocked, in p);
            ClearFlags(ref w, StatusWordFlags.TaskOnCpu | StatusWordFlags.TaskRunnable);
        }
        else if (t.Class == TaskClass.Fair)
        {
            c.Rq.Sleep(t);
        }
        _events.Push(Nanoseconds.SaturatingAdd(_now, t.Phases[t.PhaseIndex].DurationNs), EventKind.Wakeup, t.Index, 0);
    }

    private void Exit(SimTask t, int cpu)
    {
        t.State = TaskState.Dead;
        MarkWorkDone(t);
        if (t.Class == TaskClass.Ghost)
        {
            RemoveGhostRunnable(t);
            ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
            w.Runtime = (ulong)t.CpuNs;
            SetFlags(ref w, StatusWordFlags.CanFree);
            TaskDeadPayload p = new() { Gtid = t.Gtid, Cpu = cpu };
            ProduceTask(t, GhostMessageType.TaskDead, in p);
            ClearFlags(ref w, StatusWordFlags.TaskOnCpu | StatusWordFlags.TaskRunnable);
        }
        else
        {
            if (t.Delayed)
            {
                _cpus[t.Cpu].Rq.Forget(t); // a trailing sleep ends the task while EEVDF still queues it
            }
            t.FinishedInFair = true;
        }
        ReleaseIfDone(t);
        if (t.Invocation != null)
        {
            _finished++;
            Record(Outcome(t)); // nothing changes a dead task's outcome
            InvocationExited?.Invoke(t.Tid, _now);
        }
        else
        {
            _fairWorkCpuNs += t.CpuNs;
            t.OnDone!(_now);
        }
    }

    private static TaskOutcome Outcome(SimTask t)
    {
        InvocationSpec inv = t.Invocation!;
        return new TaskOutcome(inv.Id, inv.FunctionId, inv.ArrivalNs, t.FinishNs, t.CpuNs, inv.CpuDemandNs,
            t.BlockedNs, t.ContextSwitches, t.MaxRunnableWait, t.FinishedInFair, t.Departed);
    }

    private void Record(in TaskOutcome outcome)
    {
        if (_outcomes != null)
        {
            _outcomes[outcome.InvocationId] = outcome;
        }
        else
        {
            _recordOutcome!(outcome);
        }
    }

    /// <summary>update_curr: charge the running task for time since the last update (after its context switch).</summary>
    private void Account(SimCpu c)
    {
        SimTask? t = c.Current;
        if (t == null)
        {
            c.LastUpdate = _now;
            return;
        }
        long from = Math.Max(c.LastUpdate, c.RunStart);
        if (_now > from)
        {
            long d = _now - from;
            t.Remaining -= d;
            t.CpuNs += d;
            c.BusyNs += d;
            if (t.Class == TaskClass.Fair)
            {
                t.VRuntime += t.Weight == 1024 ? d : d * 1024 / t.Weight;
            }
        }
        c.LastUpdate = _now;
    }

    private void StartRunning(SimCpu c, SimTask t)
    {
        bool switched = c.LastRan != t;
        if (switched)
        {
            _contextSwitches++;
        }
        if (c.Current == null)
        {
            TrackBusy(c, +1);
        }
        long cost = switched ? _costs.ContextSwitchNs : 0;
        if (c.Idle && t.Class != TaskClass.Ghost && _costs.IdleWakeupNs > 0)
        {
            cost = _costs.IdleWakeupNs; // the wake-up path to an idle CPU includes its switch
        }
        if (!t.Started && t.Invocation != null)
        {
            cost += _costs.ProcessStartNs; // fork + exec (+ exit, measured together) occupy the CPU before its work
        }
        t.Started = true;
        c.Idle = false;
        c.Current = t;
        c.LastRan = t;
        c.RunStart = Nanoseconds.SaturatingAdd(_now, cost);
        c.LastUpdate = _now;
        t.State = TaskState.Running;
        t.Cpu = c.Id;
        if (t.Class == TaskClass.Fair)
        {
            c.FairStarvedSince = -1;
        }
        else if (t.Class == TaskClass.Realtime)
        {
            WatchFairStarvation(c);
        }
        long wait = _now - t.RunnableSince;
        t.WaitNs += wait;
        if (wait > t.MaxRunnableWait)
        {
            t.MaxRunnableWait = wait;
        }
        if (t.Class == TaskClass.Ghost)
        {
            RemoveGhostRunnable(t);
            if (c.Latched == t)
            {
                c.Latched = null;
                c.LatchReady = false;
            }
            t.LatchedCpu = -1;
            ref GhostStatusWord w = ref _sw.Writable(t.SwIndex);
            w.SwitchTime = c.RunStart;
            SetFlags(ref w, StatusWordFlags.TaskOnCpu);
            SetAgentWordFlag(c.Id, StatusWordFlags.CpuAvailable, true);
        }
        else
        {
            c.SliceEnd = t.Class == TaskClass.Fair ? c.Rq.SliceEnd(t, c.RunStart) : long.MaxValue;
            SetAgentWordFlag(c.Id, StatusWordFlags.CpuAvailable, false);
        }
        ArmCpuEvent(c);
    }

    private void ArmCpuEvent(SimCpu c)
    {
        SimTask t = c.Current!;
        c.Gen++;
        long start = Math.Max(c.RunStart, _now);
        long end = Nanoseconds.SaturatingAdd(start, t.Remaining);
        if (t.Class == TaskClass.Fair)
        {
            if (c.SliceEnd <= _now)
            {
                c.SliceEnd = c.Rq.SliceEnd(t, start);
            }
            end = Math.Min(end, c.SliceEnd);
        }
        _events.Push(end, EventKind.CpuDone, c.Id, c.Gen);
    }

    private SimTask StopRunning(SimCpu c)
    {
        Account(c);
        SimTask t = c.Current!;
        c.Current = null;
        c.Gen++;
        TrackBusy(c, -1);
        if (t.Class == TaskClass.Fair)
        {
            c.Rq.CurrentStopped(t);
        }
        return t;
    }

    private void TrackBusy(SimCpu c, int delta)
    {
        if (c.InEnclave)
        {
            _util.Change(_now, delta);
        }
    }

    /// <summary>What a CPU with nothing current runs next: fair first (strict priority), then a latched ghost task, else an idle pull.</summary>
    private void PickNext(SimCpu c)
    {
        if (c.AgentRunning || c.Current != null)
        {
            return;
        }
        // The fair server, while it runs, puts fair work ahead of real-time work.
        if (_now < c.FairServerUntil && c.Rq.Count > 0 && c.Rq.PopNext() is SimTask served)
        {
            StartRunning(c, served);
            return;
        }
        // A CPU whose real-time work is done pulls real-time work waiting elsewhere before it runs fair work.
        if (c.Rt.Count > 0 || (c.FairAllowed && c.Latched == null && PullRtInto(c)))
        {
            StartRunning(c, TakeFirstWaitingRt(c));
            return;
        }
        if (c.Rq.PopNext() is SimTask next)
        {
            StartRunning(c, next);
            return;
        }
        if (c.Latched != null && c.LatchReady && _enclaveActive)
        {
            StartRunning(c, c.Latched);
            return;
        }
        SetAgentWordFlag(c.Id, StatusWordFlags.CpuAvailable, true);
        if (c.FairAllowed && c.Latched == null && TryIdlePull(c))
        {
            return;
        }
        c.Idle = true;
    }

    private void OnTick()
    {
        if (!_enclaveActive)
        {
            return;
        }
        if (_options.DeliverTicks)
        {
            foreach (int cpu in _enclaveCpus)
            {
                SimCpu c = _cpus[cpu];
                bool agent = c.AgentRunning;
                if (agent || (c.Current != null && c.Current.Class == TaskClass.Ghost))
                {
                    CpuTickPayload p = new() { Cpu = cpu, IsAgent = agent ? 1 : 0 };
                    ProduceCpu(cpu, GhostMessageType.CpuTick, in p);
                }
            }
        }
        if (_options.RunnableTimeoutNs > 0)
        {
            CheckWatchdog();
        }
        if (_enclaveActive && InvocationsRemain)
        {
            if (_options.DeliverTicks || _ghostRunnable.Count > 0)
            {
                _events.Push(Nanoseconds.SaturatingAdd(_now, _options.TickNs), EventKind.Tick, 0, 0);
            }
            else
            {
                _tickStopped = true;
            }
        }
    }

    /// <summary>NO_HZ idle: with only the watchdog to serve, a tick with no runnable ghost task does nothing, so the
    /// tick stops then and restarts on the same grid (multiples of TickNs) when a ghost task becomes runnable. The
    /// watchdog then checks at exactly the times it did with a free-running tick, and an idle week of simulated time
    /// costs no events.</summary>
    private void RestartTick()
    {
        if (_tickStopped && _enclaveActive)
        {
            _tickStopped = false;
            long tick = _options.TickNs;
            _events.Push(Nanoseconds.SaturatingAdd(_now / tick * tick, tick), EventKind.Tick, 0, 0);
        }
    }

    private SimulationResult BuildResult()
    {
        // Finished invocations were recorded at their exit; now the ones the stop caught running or waiting, then
        // the ones that never arrived (the rest of the stream).
        int unfinished = 0, notArrived = 0;
        foreach (SimTask t in LiveTasksInOrder())
        {
            if (t.Invocation != null && t.State != TaskState.Dead)
            {
                unfinished++;
                Record(Outcome(t));
            }
        }
        while (_nextArrival != null)
        {
            InvocationSpec inv = _nextArrival;
            notArrived++;
            Record(new TaskOutcome(inv.Id, inv.FunctionId, inv.ArrivalNs, -1, 0, inv.CpuDemandNs, 0, 0, 0, false, false));
            TakeNextArrival();
        }
        _arrivals?.Dispose();
        _arrivals = null;
        long[] busy = new long[_cpus.Length];
        for (int i = 0; i < busy.Length; i++)
        {
            busy[i] = _cpus[i].BusyNs;
        }
        return new SimulationResult(_outcomes ?? [], (long[])_messagesByType.Clone(), (long[])_txnsByState.Clone())
        {
            PeakLiveTasks = _peakLive,
            Arrived = _arrived,
            Finished = _finished,
            Unfinished = unfinished,
            NotArrived = notArrived,
            EndNs = _now,
            StoppedAtTimeLimit = _stoppedAtLimit,
            AgentMode = _options.AgentMode,
            AgentAttached = _enclave != null && _agent != null,
            ContextSwitches = _contextSwitches,
            FairServerActivations = _fairServerActivations,
            MessagesProduced = _messagesProduced,
            QueueOverflows = _overflows,
            AgentCpuNs = _agentCpuNs,
            AgentWakeups = _agentWakeups,
            WatchdogFired = _watchdogFired,
            WatchdogFiredAtNs = _watchdogAt,
            WatchdogStarvedInvocation = _watchdogTask,
            FairWorkCpuNs = _fairWorkCpuNs,
            CpuBusyNs = busy,
            EventsProcessed = _eventsProcessed,
            Cancelled = _cancelled,
            EnclaveEntriesRefused = _entriesRefused,
            Faults = BuildFaultCounters(),
        };
    }

    /// <summary>Frees the native memory of the queue, status-word region and cpu_data; the enclave is unusable afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _arrivals?.Dispose();
        _arrivals = null;
        NativeMemory.AlignedFree(_queueMem);
        NativeMemory.AlignedFree(_swMem);
        NativeMemory.AlignedFree(_cpuDataMem);
        _queueMem = null;
        _swMem = null;
        _cpuDataMem = null;
    }
}
