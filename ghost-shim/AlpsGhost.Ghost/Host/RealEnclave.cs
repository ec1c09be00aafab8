using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Native;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Ghost.Host;

/// <summary>
/// An enclave of the real ghOSt kernel behind <see cref="IGhostEnclave"/>: the queue, status words and
/// transactions are the kernel's own mappings (reading a message or filling a txn is a memory access,
/// not a native call); only <see cref="CommitTransactions"/>, <see cref="FreeStatusWord"/>, RUN and
/// setup go through libalpsghost.
/// </summary>
/// <remarks>
/// <para>Lifecycle: <see cref="Create"/> (new enclave over a CPU list; destroyed on
/// <see cref="Dispose"/>) or <see cref="Attach"/> (existing <c>enclave_&lt;id&gt;</c>; left in place on
/// <see cref="Dispose"/> for a successor agent). Then <see cref="StartAgents"/> starts one agent
/// thread per enclave CPU, as ghOSt requires: the global one (on <see cref="AgentCpu"/>) calls the
/// scheduling callback in a loop, the satellites block in <c>GHOST_IOC_RUN</c> (local yield) and
/// retry when their agent barrier moves.</para>
/// <para>The callback (the agent library's <c>AgentLoop</c>) blocks the global agent through
/// <see cref="Sleep"/>: a local yield (RUN, gtid 0) with its barrier, after arming the agent's ghOSt timer for
/// its deadline, and with RTLA_ON_IDLE when it hands its CPU to the fair class. The default queue wakes the
/// global agent's CPU in every mode, so any mode may sleep (docs/ghost-host.md, "How the agent waits").</para>
/// <para>Only the global agent thread may use the hot-path members. Not exercised on this
/// project's CI machine (no ghOSt kernel): see docs/ghost-host.md.</para>
/// </remarks>
public sealed unsafe class RealEnclave : IGhostEnclave, IAgentSleeper, ITaskSink, IDisposable
{
    private const string GlobalThreadName = "ghost global agent";
    private const int CpuSetBytes = 128; // sizeof(cpu_set_t): what ghOSt's userspace passes as mask_len

    private readonly RealEnclaveOptions _options;
    private readonly int _ctlFd;
    private readonly int _dirFd;
    private readonly bool _created;
    private readonly int[] _cpus;
    private readonly void* _cpuDataMapping;
    private readonly ulong _cpuDataLength;
    private readonly void* _swMapping;
    private readonly ulong _swLength;
    private readonly int _queueFd;
    private readonly void* _queueMapping;
    private readonly ulong _queueLength;
    private readonly CpuDataRegion _cpuData;
    private readonly GhostSwInfo[] _agentWords;
    private readonly bool[] _agentAttached; // sw {0,0} is a valid word, so "attached" is tracked separately
    private readonly byte* _mask;
    private readonly uint _maskBytes;
    private readonly List<Thread> _agentThreads = [];
    private readonly ManualResetEventSlim _agentsReady = new(false);
    private int _agentsAttached;
    private int _agentOnlineFd = -1;
    private int _timerFd = -1;                    // the global agent's ghOSt timer, created on first use
    private long _timerDeadline = long.MaxValue;  // what it is armed for (re-arming the same deadline is skipped)
    private volatile bool _stopping;
    private Exception? _agentFailure;
    private bool _disposed;

    private RealEnclave(RealEnclaveOptions options, ulong id, int ctlFd, int dirFd, bool created)
    {
        _options = options;
        Id = id;
        _ctlFd = ctlFd;
        _dirFd = dirFd;
        _created = created;
        _queueFd = -1;
        try
        {
            AbiVersion = (int)GhostfsText.ParseUnsigned(ReadAttribute("abi_version"), "abi_version");
            if (AbiVersion != options.AbiVersion)
            {
                throw new InvalidOperationException($"enclave_{id} speaks ABI {AbiVersion}, expected {options.AbiVersion}");
            }
            if (created)
            {
                Check(SetCpus(options.Cpus), GhostOperation.SetCpus, TextOf(options.Cpus));
            }
            _cpus = GhostfsText.ParseCpuList(ReadAttribute("cpulist"), $"enclave_{id}/cpulist");
            if (_cpus.Length == 0)
            {
                throw new InvalidOperationException($"enclave_{id} has no CPUs");
            }
            AgentCpu = options.AgentCpu < 0 ? _cpus[0] : options.AgentCpu;
            if (Array.IndexOf(_cpus, AgentCpu) < 0)
            {
                throw new ArgumentException($"agent CPU {AgentCpu} is not in the enclave's CPUs {TextOf(_cpus)}", nameof(options));
            }
            void* map;
            ulong len;
            Check(GhostNative.CpuDataMap(_dirFd, &map, &len), GhostOperation.MapCpuData, $"enclave_{id}/cpu_data");
            _cpuDataMapping = map;
            _cpuDataLength = len;
            PossibleCpus = (int)(len / GhostAbi.CpuDataStride);
            _cpuData = new CpuDataRegion((byte*)map, PossibleCpus);

            Check(GhostNative.SwRegionMap(_dirFd, _ctlFd, 0, options.NumaNode, &map, &len), GhostOperation.MapStatusWords, $"enclave_{id}/sw_regions/sw_0");
            _swMapping = map;
            _swLength = len;
            StatusWords = new StatusWordRegion((byte*)map, (nuint)len);

            if (options.RunnableTimeoutMs is long timeout)
            {
                SetTunable("runnable_timeout", timeout);
            }
            if (options.DeliverTicks is bool ticks)
            {
                SetTunable("deliver_ticks", ticks ? 1 : 0);
            }

            int qfd;
            Check(GhostNative.QueueCreate(_ctlFd, options.QueueElements, options.NumaNode, &qfd, &map, &len), GhostOperation.CreateQueue, $"{options.QueueElements} elements");
            _queueFd = qfd;
            _queueMapping = map;
            _queueLength = len;
            Queue = new GhostQueue((byte*)map, (nuint)len);
            // Every message wakes the global agent's CPU, in every mode: a sleeping or adaptive agent blocks in
            // RUN, and a spinning one does when it hands its CPU to the fair class (BOOST_PRIO). For a
            // spinning agent the wakeup finds it running (ghOSt's own spinning agent configures none).
            int wakeCpu = AgentCpu;
            Check(GhostNative.ConfigQueueWakeup(_ctlFd, qfd, &wakeCpu, 1), GhostOperation.ConfigQueueWakeup, "default queue");
            Check(GhostNative.SetDefaultQueue(_ctlFd, qfd), GhostOperation.SetDefaultQueue, "default queue");

            _agentWords = new GhostSwInfo[PossibleCpus];
            _agentAttached = new bool[PossibleCpus];
            _maskBytes = (uint)Math.Max(CpuSetBytes, (PossibleCpus + 63) / 64 * 8);
            _mask = (byte*)NativeMemory.AllocZeroed(_maskBytes);
        }
        catch
        {
            // The fds belong to the caller (Create/Attach) until construction succeeds.
            ReleaseResources(closeEnclaveFds: false);
            throw;
        }
    }

    /// <summary>Creates a new enclave over <see cref="RealEnclaveOptions.Cpus"/> (destroyed on dispose).</summary>
    public static RealEnclave Create(RealEnclaveOptions options, ulong firstId = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cpus.Count == 0)
        {
            throw new ArgumentException("an enclave needs at least one CPU", nameof(options));
        }
        MountAndCheckVersion(options);
        ulong id;
        fixed (byte* root = GhostNative.Utf8Z(options.GhostfsRoot))
        {
            Check(GhostNative.EnclaveCreate(root, firstId, options.AbiVersion, &id), GhostOperation.CreateEnclave, $"ABI {options.AbiVersion}");
        }
        (int ctl, int dir) = Open(options.GhostfsRoot, id);
        try
        {
            return new RealEnclave(options, id, ctl, dir, created: true);
        }
        catch
        {
            // We made it: do not leave a half-initialized enclave behind.
            _ = GhostNative.EnclaveDestroy(ctl);
            _ = GhostNative.Close(ctl);
            _ = GhostNative.Close(dir);
            throw;
        }
    }

    /// <summary>Attaches to the existing <c>enclave_&lt;id&gt;</c> (left in place on dispose).</summary>
    public static RealEnclave Attach(RealEnclaveOptions options, ulong id)
    {
        ArgumentNullException.ThrowIfNull(options);
        MountAndCheckVersion(options);
        (int ctl, int dir) = Open(options.GhostfsRoot, id);
        try
        {
            return new RealEnclave(options, id, ctl, dir, created: false);
        }
        catch
        {
            _ = GhostNative.Close(ctl);
            _ = GhostNative.Close(dir);
            throw;
        }
    }

    /// <summary>Enclave id (<c>enclave_&lt;id&gt;</c>).</summary>
    public ulong Id { get; }

    /// <inheritdoc/>
    public int AbiVersion { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<int> Cpus => _cpus;

    /// <inheritdoc/>
    public int PossibleCpus { get; }

    /// <inheritdoc/>
    public int AgentCpu { get; }

    /// <inheritdoc/>
    public AgentMode AgentMode => _options.AgentMode;

    /// <inheritdoc/>
    public long NowNanoseconds
    {
        get
        {
            // Stopwatch is CLOCK_MONOTONIC on Linux, the clock of commit_time and switch_time.
            long ticks = Stopwatch.GetTimestamp();
            return Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * (1e9 / Stopwatch.Frequency));
        }
    }

    /// <inheritdoc/>
    public GhostQueue Queue { get; }

    /// <inheritdoc/>
    public StatusWordRegion StatusWords { get; }

    /// <summary>An agent thread failed (became agent, or its loop threw); null while all is well.</summary>
    public Exception? AgentFailure => Volatile.Read(ref _agentFailure);

    /// <inheritdoc/>
    public ref GhostTxn Txn(int cpu) => ref _cpuData.Txn(cpu);

    /// <inheritdoc/>
    public GhostSwInfo AgentStatusWord(int cpu) => _agentWords[cpu];

    /// <inheritdoc/>
    public void CommitTransactions(ReadOnlySpan<int> cpus)
    {
        BuildCpuMask(new Span<byte>(_mask, (int)_maskBytes), cpus, PossibleCpus);
        int rc = GhostNative.CommitTxn(_ctlFd, _mask, _maskBytes);
        if (rc < 0)
        {
            throw new GhostNativeException(GhostOperation.CommitTxn, -rc, $"enclave_{Id}");
        }
    }

    /// <summary>Commits the READY txns of <paramref name="cpus"/> as one sync group; true if all committed.</summary>
    public bool CommitSyncGroup(ReadOnlySpan<int> cpus)
    {
        BuildCpuMask(new Span<byte>(_mask, (int)_maskBytes), cpus, PossibleCpus);
        return Check(GhostNative.SyncGroupTxn(_ctlFd, _mask, _maskBytes), GhostOperation.SyncGroupTxn, $"enclave_{Id}") == 1;
    }

    /// <summary>
    /// Writes <paramref name="cpus"/> as a <c>cpu_set_t</c> (bit <c>c % 8</c> of byte <c>c / 8</c>, the
    /// layout of glibc's CPU_SET on little-endian) into <paramref name="mask"/>, cleared first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A CPU is negative, not below <paramref name="possibleCpus"/>, or beyond the mask.</exception>
    public static void BuildCpuMask(Span<byte> mask, ReadOnlySpan<int> cpus, int possibleCpus)
    {
        mask.Clear();
        int limit = Math.Min(possibleCpus, mask.Length * 8);
        foreach (int cpu in cpus)
        {
            if ((uint)cpu >= (uint)limit)
            {
                ThrowCpu(cpu, limit);
            }
            mask[cpu >> 3] |= (byte)(1 << (cpu & 7));
        }
    }

    private static void ThrowCpu(int cpu, int limit) =>
        throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"CPU outside 0..{limit - 1}");

    /// <summary>Acquire-reads the agent barrier of <paramref name="cpu"/>'s agent (for <see cref="LocalYield"/>).</summary>
    public uint AgentBarrier(int cpu) => StatusWords.ReadBarrier(_agentWords[cpu].Index);

    /// <summary>Asks the kernel to re-send TASK_NEW for every task already in the enclave (ctl <c>discover tasks</c>).</summary>
    public void DiscoverTasks()
    {
        fixed (byte* cmd = GhostNative.Utf8Z("discover tasks"))
        {
            Check(GhostNative.EnclaveCtl(_ctlFd, cmd), GhostOperation.FileAccess, $"enclave_{Id}/ctl discover tasks");
        }
    }

    /// <summary>The enclave's CPUs as its <c>cpumask</c> file reports them.</summary>
    public int[] ReadCpuMask() => GhostfsText.ParseCpuMask(ReadAttribute("cpumask"), $"enclave_{Id}/cpumask");

    /// <summary>Waits for the global agent thread to leave its loop (its callback returned false, it failed, or the enclave was disposed).</summary>
    public bool WaitForGlobalAgent(TimeSpan timeout)
    {
        foreach (Thread t in _agentThreads)
        {
            if (t.Name == GlobalThreadName)
            {
                return t.Join(timeout);
            }
        }
        return true;
    }

    /// <inheritdoc/>
    public bool FreeStatusWord(GhostSwInfo info)
    {
        int rc = GhostNative.SwFree(_ctlFd, info.Id, info.Index);
        if (rc == -Errno.ENOENT || rc == -Errno.EINVAL)
        {
            return false;
        }
        Check(rc, GhostOperation.SwFree, $"sw {info.Id}/{info.Index}");
        return true;
    }

    /// <inheritdoc/>
    public bool TryDescribeTask(long gtid, out TaskDescription description) => ProcTaskDescriber.TryDescribe(gtid, out description);

    /// <summary>
    /// Blocks the calling agent in RUN (local yield) until its barrier moves or it is woken;
    /// returns false if the kernel reported the barrier already moved (ESTALE) — just loop.
    /// </summary>
    /// <param name="cpu">The calling agent's CPU.</param>
    /// <param name="agentBarrier">The agent's status-word barrier read before draining its queue.</param>
    /// <param name="runFlags">0 or RTLA_ON_IDLE.</param>
    public bool LocalYield(int cpu, uint agentBarrier, RunFlags runFlags = RunFlags.None)
    {
        int rc = GhostNative.Run(_ctlFd, GhostAbi.NullGtid, agentBarrier, 0, cpu, (int)runFlags);
        if (rc == -Errno.ESTALE)
        {
            return false;
        }
        Check(rc, GhostOperation.Run, $"local yield on CPU {cpu}");
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>Global agent thread only. A finite deadline arms the agent's ghOSt timer first
    /// (<c>GHOST_IOC_TIMERFD_SETTIME</c>, absolute, CPU = <see cref="AgentCpu"/>): its CPU_TIMER_EXPIRED
    /// message wakes the agent. Then <c>RUN(gtid 0, agentBarrier, 0, AgentCpu, 0 or RTLA_ON_IDLE)</c>;
    /// ESTALE (a message arrived after the barrier was read) returns at once, and so do ENODEV/EXDEV while the
    /// enclave is being disposed (its ping or destroy ends the sleep); any other error throws.</remarks>
    public void Sleep(uint agentBarrier, long deadlineNs, bool yieldToFair)
    {
        if (deadlineNs != long.MaxValue && deadlineNs != _timerDeadline)
        {
            int fd = _timerFd;
            Check(GhostNative.AgentTimerArm(_ctlFd, &fd, AgentCpu, Math.Max(1, deadlineNs), 0), GhostOperation.TimerSettime, $"agent timer on CPU {AgentCpu}");
            _timerFd = fd;
            _timerDeadline = deadlineNs;
        }
        int rc = GhostNative.Run(_ctlFd, GhostAbi.NullGtid, agentBarrier, 0, AgentCpu, (int)(yieldToFair ? RunFlags.RtlaOnIdle : RunFlags.None));
        if (rc == -Errno.ESTALE || (_stopping && (rc == -Errno.ENODEV || rc == -Errno.EXDEV)))
        {
            return; // a message arrived since the barrier was read; or we are tearing the enclave down
        }
        Check(rc, GhostOperation.Run, $"agent sleep on CPU {AgentCpu}");
    }

    /// <summary>Wakes the agent of <paramref name="cpu"/> (RUN with gtid -1); it must belong to this process.</summary>
    public void Ping(int cpu) => Check(GhostNative.Run(_ctlFd, GhostAbi.AgentGtid, 0, 0, cpu, 0), GhostOperation.Run, $"ping CPU {cpu}");

    /// <summary>Runtime of <paramref name="gtid"/> in ns including its current slice (GET_CPU_TIME).</summary>
    public ulong GetCpuTime(long gtid)
    {
        ulong runtime;
        Check(GhostNative.GetCpuTime(_ctlFd, gtid, &runtime), GhostOperation.GetCpuTime, $"gtid {gtid}");
        return runtime;
    }

    /// <summary>Re-associates a task with the default queue (ASSOC_QUEUE); returns the GHOST_ASSOC_SF_* bits, or -1 if its barrier moved.</summary>
    public int AssociateWithDefaultQueue(long gtid, uint barrier)
    {
        int rc = GhostNative.AssocQueue(_ctlFd, _queueFd, gtid, barrier);
        if (rc == -Errno.ESTALE)
        {
            return -1;
        }
        return Check(rc, GhostOperation.AssocQueue, $"gtid {gtid}");
    }

    /// <summary>Writes <paramref name="tid"/> (0 = the caller) to the enclave's <c>tasks</c>; returns 0 or a positive errno.</summary>
    public int AddTask(int tid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tid);
        return -GhostNative.EnclaveAddTask(_dirFd, tid);
    }

    /// <summary>Writes an enclave tunable (runnable_timeout, deliver_ticks, commit_at_tick, ...).</summary>
    public void SetTunable(string name, long value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        fixed (byte* n = GhostNative.Utf8Z(name))
        {
            Check(GhostNative.EnclaveSetTunable(_dirFd, n, value), GhostOperation.SetTunable, $"enclave_{Id}/{name} = {value}");
        }
    }

    /// <summary>Reads an enclave file (status, cpulist, cpumask, agent_online, ...).</summary>
    public string ReadAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        byte[] buffer = new byte[64 * 1024];
        fixed (byte* n = GhostNative.Utf8Z(name))
        fixed (byte* b = buffer)
        {
            int count = Check(GhostNative.EnclaveRead(_dirFd, n, b, buffer.Length), GhostOperation.FileAccess, $"enclave_{Id}/{name}");
            return System.Text.Encoding.UTF8.GetString(buffer, 0, count);
        }
    }

    /// <summary>The enclave's parsed <c>status</c>.</summary>
    public EnclaveStatus ReadStatus() => EnclaveStatus.Parse(ReadAttribute("status"), $"enclave_{Id}/status");

    /// <summary>
    /// Starts one agent thread per enclave CPU. The global agent (on <see cref="AgentCpu"/>) calls
    /// <paramref name="globalIteration"/> until it returns false or the enclave is disposed; satellites
    /// block in RUN. Returns once every agent is attached and <c>agent_online</c> is open.
    /// </summary>
    /// <exception cref="GhostNativeException">An agent could not attach (the first failure).</exception>
    public void StartAgents(Func<bool> globalIteration, TimeSpan? attachTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(globalIteration);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_agentThreads.Count > 0)
        {
            throw new InvalidOperationException("agents already started");
        }
        WaitForOldAgentToLeave();
        foreach (int cpu in _cpus)
        {
            int c = cpu;
            var t = new Thread(() => AgentThreadBody(c, c == AgentCpu ? globalIteration : null))
            {
                IsBackground = true,
                Name = c == AgentCpu ? GlobalThreadName : string.Create(CultureInfo.InvariantCulture, $"ghost agent {c}"),
            };
            _agentThreads.Add(t);
            t.Start();
        }
        if (!_agentsReady.Wait(attachTimeout ?? _options.AgentHandoverTimeout) || AgentFailure is not null)
        {
            Exception? failure = AgentFailure;
            Dispose();
            throw failure ?? new TimeoutException($"agents did not attach to enclave_{Id} in time");
        }
        int fd;
        Check(GhostNative.AgentOnlineOpen(_dirFd, &fd), GhostOperation.AgentOnline, $"enclave_{Id}/agent_online");
        _agentOnlineFd = fd;
    }

    private void AgentThreadBody(int cpu, Func<bool>? globalIteration)
    {
        try
        {
            int rc = -Errno.EBUSY;
            long deadline = Environment.TickCount64 + (long)_options.AgentHandoverTimeout.TotalMilliseconds;
            while (rc == -Errno.EBUSY && Environment.TickCount64 < deadline && !_stopping)
            {
                // EBUSY: the CPU's previous agent has not exited yet (upgrade in place); retry briefly.
                rc = GhostNative.BecomeAgent(_ctlFd, cpu, _queueFd);
                if (rc == -Errno.EBUSY)
                {
                    Thread.Sleep(10);
                }
            }
            Check(rc, GhostOperation.BecomeAgent, $"CPU {cpu}");
            uint id, index;
            Check(GhostNative.SwGetInfo(_ctlFd, (int)GhostType.Agent, (ulong)cpu, &id, &index), GhostOperation.SwGetInfo, $"agent of CPU {cpu}");
            _agentWords[cpu] = new GhostSwInfo(id, index);
            Volatile.Write(ref _agentAttached[cpu], true);
            if (Interlocked.Increment(ref _agentsAttached) == _cpus.Length)
            {
                _agentsReady.Set();
            }
            if (globalIteration is not null)
            {
                while (!_stopping && globalIteration())
                {
                }
                return;
            }
            while (true)
            {
                // Barrier first, then the stop flag: Dispose sets the flag before pinging, and a ping
                // bumps the barrier, so either we see the flag or RUN fails with ESTALE and we loop.
                uint barrier = StatusWords.ReadBarrier(index);
                if (_stopping)
                {
                    return;
                }
                int run = GhostNative.Run(_ctlFd, GhostAbi.NullGtid, barrier, 0, cpu, 0);
                if (run == -Errno.ENODEV || run == -Errno.EXDEV)
                {
                    return; // enclave dying
                }
                if (run < 0 && run != -Errno.ESTALE)
                {
                    Check(run, GhostOperation.Run, $"satellite CPU {cpu}");
                }
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _agentFailure, e, null);
            _agentsReady.Set();
        }
    }

    private void WaitForOldAgentToLeave()
    {
        long deadline = Environment.TickCount64 + (long)_options.AgentHandoverTimeout.TotalMilliseconds;
        while (ReadAttribute("agent_online").Trim() != "0")
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new GhostNativeException(GhostOperation.AgentOnline, Errno.EBUSY, $"enclave_{Id}/agent_online still 1");
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// Stops the agents (satellites are pinged out of RUN), closes <c>agent_online</c>, destroys the
    /// enclave if we created it (its tasks return to CFS) or leaves it for a successor if we attached,
    /// and unmaps everything.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stopping = true;
        foreach (int cpu in _cpus)
        {
            // The global agent too: it may be asleep in RUN (queue-wakeup, adaptive, or yielded to CFS).
            if (Volatile.Read(ref _agentAttached[cpu]))
            {
                _ = GhostNative.Run(_ctlFd, GhostAbi.AgentGtid, 0, 0, cpu, 0);
            }
        }
        foreach (Thread t in _agentThreads)
        {
            if (t != Thread.CurrentThread)
            {
                t.Join(TimeSpan.FromSeconds(2));
            }
        }
        if (_agentOnlineFd >= 0)
        {
            _ = GhostNative.Close(_agentOnlineFd);
            _agentOnlineFd = -1;
        }
        if (_created)
        {
            _ = GhostNative.EnclaveDestroy(_ctlFd);
        }
        ReleaseResources(closeEnclaveFds: true);
        _agentsReady.Dispose();
    }

    private void ReleaseResources(bool closeEnclaveFds)
    {
        if (_queueMapping is not null)
        {
            _ = GhostNative.Munmap(_queueMapping, _queueLength);
        }
        if (_timerFd >= 0)
        {
            _ = GhostNative.Close(_timerFd);
            _timerFd = -1;
        }
        if (_queueFd >= 0)
        {
            _ = GhostNative.Close(_queueFd);
        }
        if (_swMapping is not null)
        {
            _ = GhostNative.Munmap(_swMapping, _swLength);
        }
        if (_cpuDataMapping is not null)
        {
            _ = GhostNative.Munmap(_cpuDataMapping, _cpuDataLength);
        }
        if (_mask is not null)
        {
            NativeMemory.Free(_mask);
        }
        if (closeEnclaveFds)
        {
            _ = GhostNative.Close(_ctlFd);
            _ = GhostNative.Close(_dirFd);
        }
    }

    private int SetCpus(IReadOnlyList<int> cpus)
    {
        int[] sorted = [.. cpus];
        Array.Sort(sorted);
        fixed (byte* list = GhostNative.Utf8Z(GhostfsText.FormatCpuList(sorted)))
        {
            return GhostNative.EnclaveSetCpulist(_dirFd, list);
        }
    }

    private static void MountAndCheckVersion(RealEnclaveOptions options)
    {
        if (!GhostAbi.IsSupported(options.AbiVersion))
        {
            throw new ArgumentException($"ABI {options.AbiVersion} is not one alps-ghost speaks", nameof(options));
        }
        // Never touch kernel memory with layouts the C compiler disagrees with.
        AbiSelfCheckException.ThrowIfMismatched();
        int* versions = stackalloc int[64];
        int count;
        fixed (byte* root = GhostNative.Utf8Z(options.GhostfsRoot))
        {
            Check(GhostNative.GhostfsMount(root), GhostOperation.Mount, options.GhostfsRoot);
            count = Check(GhostNative.ReadVersions(root, versions, 64), GhostOperation.ReadVersion, Path.Combine(options.GhostfsRoot, "version"));
        }
        for (int i = 0; i < count; i++)
        {
            if (versions[i] == options.AbiVersion)
            {
                return;
            }
        }
        throw new GhostNativeException(GhostOperation.CreateEnclave, Errno.ESRCH,
            $"kernel lists ABI {string.Join(", ", new ReadOnlySpan<int>(versions, count).ToArray())}, we need {options.AbiVersion}");
    }

    private static (int Ctl, int Dir) Open(string root, ulong id)
    {
        int ctl, dir;
        fixed (byte* r = GhostNative.Utf8Z(root))
        {
            Check(GhostNative.EnclaveOpen(r, id, &ctl, &dir), GhostOperation.OpenEnclave, $"{root}/enclave_{id}");
        }
        return (ctl, dir);
    }

    private static string TextOf(IReadOnlyList<int> cpus)
    {
        int[] a = [.. cpus];
        Array.Sort(a);
        return GhostfsText.FormatCpuList(a);
    }

    private static int Check(int rc, GhostOperation operation, string subject) => GhostNativeException.Check(rc, operation, subject);
}
