using System.Diagnostics;
using System.Globalization;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Ghost;
using AlpsGhost.Linux.ProcEvents;

namespace AlpsGhost.Linux;

/// <summary>Settings of <see cref="LinuxAgent"/>.</summary>
public sealed record LinuxAgentOptions
{
    /// <summary>Default tick: 4 ms (one jiffy at HZ=250).</summary>
    public const int DefaultTickMs = 4;

    /// <summary>Bounds of the tick (ms).</summary>
    public const int MinTickMs = 1, MaxTickMs = 100;

    /// <summary>Milliseconds between ticks.</summary>
    public int TickMs { get; init; } = DefaultTickMs;

    /// <summary>Whether an identity rule reads the cgroup path (then it is read at discovery; otherwise not).</summary>
    public bool NeedsCgroupPath { get; init; }

    /// <summary>Whether tasks need a declared demand (srpt): read from their environment at discovery.</summary>
    public bool ReadsDeclaredDemand { get; init; }

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (TickMs is < MinTickMs or > MaxTickMs)
        {
            throw new ArgumentException($"tick {TickMs} ms is not valid: expected {MinTickMs}..{MaxTickMs} ms", nameof(TickMs));
        }
    }
}

/// <summary>
/// The stock-Linux agent: one thread, SCHED_FIFO above the band, that follows process events (netlink
/// connector), resolves new tasks' functions, and runs the <see cref="LinuxEnforcer"/>'s tick.
/// </summary>
/// <remarks>
/// <para>Loop: wait for events at most until the next tick; handle every waiting datagram; tick when due. After
/// dropped events (ENOBUFS) one scan of /proc adopts missed tasks and forgets vanished ones; the same scan runs at
/// start so existing tasks are adopted.</para>
/// <para>Stop returns every raised task to SCHED_OTHER before the thread ends.</para>
/// </remarks>
public sealed class LinuxAgent : IDisposable
{
    private readonly LinuxEnforcer _enforcer;
    private readonly IFunctionResolver _resolver;
    private readonly LinuxAgentOptions _options;
    private readonly Action<string> _log;
    private readonly Action<long>? _afterRound;
    private const int IdleWaitMs = 100;
    private readonly byte[] _datagram = new byte[8192];
    private readonly ProcEvent[] _events = new ProcEvent[16];
    private Thread? _thread;
    private volatile bool _stop;
    private Exception? _failure;

    /// <summary>Creates the agent (does not start it).</summary>
    /// <param name="enforcer">Task table and policy enforcement.</param>
    /// <param name="resolver">Function identity (registration socket, then the config's rules).</param>
    /// <param name="options">Tick and discovery settings.</param>
    /// <param name="log">Rare log lines.</param>
    /// <param name="afterRound">Called on the agent thread after each loop round with the clock (stats).</param>
    public LinuxAgent(LinuxEnforcer enforcer, IFunctionResolver resolver, LinuxAgentOptions options, Action<string>? log = null, Action<long>? afterRound = null)
    {
        ArgumentNullException.ThrowIfNull(enforcer);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _enforcer = enforcer;
        _resolver = resolver;
        _options = options;
        _log = log ?? (_ => { });
        _afterRound = afterRound;
    }

    /// <summary>The agent clock: CLOCK_MONOTONIC in ns.</summary>
    public static long NowNs() => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));

    /// <summary>The enforcer's counters.</summary>
    public LinuxAgentCounters Counters => _enforcer.Counters;

    /// <summary>The failure that ended the agent thread, if any.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Starts the agent thread and returns once it follows process events and adopted existing tasks.</summary>
    /// <exception cref="LinuxBackendException">It could not raise itself or subscribe to process events.</exception>
    public void Start()
    {
        using var started = new ManualResetEventSlim();
        Exception? startFailure = null;
        _thread = new Thread(() =>
        {
            ProcConnector? connector = null;
            try
            {
                int error = SchedSetattrKernel.RaiseCurrentThread(PriorityBands.AgentPriority);
                if (error != 0)
                {
                    throw new LinuxBackendException($"cannot run the agent thread SCHED_FIFO {PriorityBands.AgentPriority} (sched_setattr errno {error}): run as root or with CAP_SYS_NICE", error);
                }
                connector = ProcConnector.Open();
                Resync(NowNs());
            }
            catch (Exception e)
            {
                connector?.Dispose();
                startFailure = e;
                started.Set();
                return;
            }
            started.Set();
            try
            {
                Loop(connector);
            }
            catch (Exception e)
            {
                Volatile.Write(ref _failure, e);
                _log("agent thread failed: " + e.Message);
            }
            finally
            {
                _enforcer.ReturnAll();
                connector.Dispose();
            }
        })
        {
            Name = "alps-linux-agent",
            IsBackground = true,
        };
        _thread.Start();
        started.Wait();
        if (startFailure is not null)
        {
            _thread.Join();
            throw startFailure is LinuxBackendException ? startFailure : new LinuxBackendException(startFailure.Message, 0);
        }
    }

    /// <summary>Stops the agent: every raised task returns to SCHED_OTHER before this returns (bounded wait).</summary>
    public void Stop()
    {
        _stop = true;
        if (_thread is { } t && !t.Join(TimeSpan.FromSeconds(10)))
        {
            _log("agent thread did not stop within 10 s");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    private void Loop(ProcConnector connector)
    {
        long tickNs = _options.TickMs * 1_000_000L;
        long nextTick = NowNs() + tickNs;
        while (!_stop)
        {
            long now = NowNs();
            // With nothing raised or pending the tick has nothing to read: sleep on events only (waking every IdleWaitMs to see a stop).
            int waitMs = _enforcer.TickedCount == 0
                ? IdleWaitMs
                : (int)Math.Clamp((nextTick - now + 999_999) / 1_000_000, 0, _options.TickMs);
            bool readable = connector.WaitReadable(waitMs);
            long woke = NowNs();
            if (!readable)
            {
                // A stall is either the thread running late or a round running long: these two tell them apart.
                Counters.WakeLateMaxNs = Math.Max(Counters.WakeLateMaxNs, woke - now - (waitMs * 1_000_000L));
            }
            else
            {
                Drain(connector);
            }
            now = NowNs();
            if (_enforcer.TickedCount == 0)
            {
                nextTick = now + tickNs; // a task raised now is first read one tick later
            }
            else if (now >= nextTick)
            {
                _enforcer.Tick(now);
                nextTick = Math.Max(nextTick + tickNs, now + 1);
            }
            Counters.RoundBusyMaxNs = Math.Max(Counters.RoundBusyMaxNs, NowNs() - woke);
            _afterRound?.Invoke(now);
        }
    }

    private void Drain(ProcConnector connector)
    {
        while (true)
        {
            int n = connector.Receive(_datagram);
            if (n == -ProcConnector.ENOBUFS)
            {
                Counters.Resyncs++;
                Resync(NowNs());
                continue;
            }
            if (n <= 0)
            {
                return; // EAGAIN: nothing more waiting
            }
            int count = ProcEventDecoder.Decode(_datagram.AsSpan(0, n), _events, out int malformed);
            Counters.MalformedEvents += malformed;
            Counters.Events += count;
            long now = NowNs();
            for (int i = 0; i < count; i++)
            {
                if (_events[i].TimestampNs > 0)
                {
                    Counters.EventDelayMaxNs = Math.Max(Counters.EventDelayMaxNs, now - _events[i].TimestampNs);
                }
                Handle(_events[i], now);
            }
        }
    }

    /// <summary>Applies one process event (tests drive this directly).</summary>
    internal void Handle(in ProcEvent e, long nowNs)
    {
        switch (e.Kind)
        {
            case ProcEventKind.Exec:
            case ProcEventKind.Comm:
                if (!_enforcer.TryGetFunction(e.Tid, out _))
                {
                    TryAdopt(e.Tgid, e.Tid, nowNs);
                    MeasureDiscovery(e);
                }
                break;
            case ProcEventKind.Fork:
                if (_enforcer.TryGetFunction(e.ParentTid, out int function) || _enforcer.TryGetFunction(e.ParentTgid, out function))
                {
                    if (e.Tgid == e.ParentTgid)
                    {
                        // A new thread of a managed process: same function, no /proc lookup of its identity.
                        if (ProcFs.TryReadStat(e.Tgid, e.Tid, out _, out long start))
                        {
                            _enforcer.Track(e.Tid, e.Tgid, function, start, DeclaredDemand(e.Tgid), nowNs);
                        }
                    }
                    else
                    {
                        TryAdopt(e.Tgid, e.Tid, nowNs); // a new process: its own invocation if it resolves
                    }
                }
                break;
            case ProcEventKind.Exit:
                _enforcer.Exited(e.Tid, nowNs);
                break;
        }
    }

    // Event timestamp (kernel, CLOCK_MONOTONIC) to raise done (our clock is the same clock).
    private void MeasureDiscovery(in ProcEvent e)
    {
        if (e.TimestampNs > 0 && _enforcer.IsRaised(e.Tid, out _))
        {
            long latency = Math.Max(0, NowNs() - e.TimestampNs);
            Counters.RaisedOnEvent++;
            Counters.DiscoveryLatencySumNs += latency;
            Counters.DiscoveryLatencyMaxNs = Math.Max(Counters.DiscoveryLatencyMaxNs, latency);
        }
    }

    private void TryAdopt(int tgid, int tid, long nowNs)
    {
        if (!ProcFs.TryReadStat(tgid, tid, out string comm, out long startTime))
        {
            return; // gone already
        }
        string cgroup = _options.NeedsCgroupPath ? ProcFs.ReadCgroupPath(tid) : string.Empty;
        int function = _resolver.Resolve(new TaskDescription(tid, comm, cgroup));
        if (function < 0)
        {
            return;
        }
        long demand = DeclaredDemand(tgid);
        if (_options.ReadsDeclaredDemand && demand <= 0)
        {
            return; // srpt without a declared demand: unknown, left fair and untracked
        }
        _enforcer.Track(tid, tgid, function, startTime, demand, nowNs);
    }

    private long DeclaredDemand(int tgid) => _options.ReadsDeclaredDemand ? ProcFs.ReadOracleDemand(tgid) : 0;

    // Adopts every matching thread not yet tracked and forgets tracked ones that are gone: at start and after drops.
    private void Resync(long nowNs)
    {
        foreach (int tid in _enforcer.TrackedTids())
        {
            if (!ProcFs.TryReadStat(tid, tid, out _, out _))
            {
                _enforcer.Exited(tid, nowNs);
            }
        }
        foreach (string processDir in SafeDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(processDir), NumberStyles.None, CultureInfo.InvariantCulture, out int tgid))
            {
                continue;
            }
            foreach (string taskDir in SafeDirectories(Path.Combine(processDir, "task")))
            {
                if (int.TryParse(Path.GetFileName(taskDir), NumberStyles.None, CultureInfo.InvariantCulture, out int tid)
                    && !_enforcer.TryGetFunction(tid, out _))
                {
                    TryAdopt(tgid, tid, nowNs);
                }
            }
        }
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // a process that exited during the scan
        }
    }
}
