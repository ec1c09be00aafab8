namespace AlpsGhost.Ghost.Host;

/// <summary>
/// Keeps moving the threads of a cgroup v2 subtree into an enclave as they appear (FaaS invocations
/// start in fresh sub-cgroups). Implemented by polling <c>cgroup.threads</c>: simple and robust; a
/// new thread waits at most one <c>interval</c> in CFS before it joins the enclave.
/// </summary>
/// <remarks>
/// <see cref="Poll"/> is the whole algorithm and can be driven directly (tests, or an agent's own
/// timer); <see cref="Start"/> runs it on a background thread. A thread is moved at most once
/// (remembered until it disappears from every listing, so recycled tids are moved again).
/// </remarks>
public sealed class CgroupTaskWatcher : IDisposable
{
    private readonly ITaskSink _sink;
    private readonly string _cgroupDirectory;
    private HashSet<int> _known = [];
    private readonly object _pollLock = new();
    private CancellationTokenSource? _cts;
    private Thread? _thread;

    /// <summary>Watches <paramref name="cgroupDirectory"/> (and its descendants) for <paramref name="sink"/>.</summary>
    public CgroupTaskWatcher(ITaskSink sink, string cgroupDirectory)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentException.ThrowIfNullOrEmpty(cgroupDirectory);
        _sink = sink;
        _cgroupDirectory = cgroupDirectory;
    }

    /// <summary>Total threads moved so far.</summary>
    public long MovedTotal { get; private set; }

    /// <summary>Last error of the background loop (it keeps polling), or null.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Scans once and moves every thread not seen before; returns what this scan did.</summary>
    public TaskIntakeResult Poll()
    {
        lock (_pollLock)
        {
            IReadOnlyList<int> current = TaskIntake.ThreadsOfCgroup(_cgroupDirectory);
            var next = new HashSet<int>(current.Count);
            var fresh = new List<int>();
            foreach (int tid in current)
            {
                if (next.Add(tid) && !_known.Contains(tid))
                {
                    fresh.Add(tid);
                }
            }
            _known = next;
            TaskIntakeResult r = TaskIntake.Move(_sink, fresh);
            MovedTotal += r.Moved;
            return r;
        }
    }

    /// <summary>Polls every <paramref name="interval"/> on a background thread until disposed.</summary>
    public void Start(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        if (_thread is not null)
        {
            throw new InvalidOperationException("the watcher is already running");
        }
        _cts = new CancellationTokenSource();
        CancellationToken token = _cts.Token;
        _thread = new Thread(() =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    Poll();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or GhostfsFormatException or Native.GhostNativeException)
                {
                    LastError = e;
                }
                token.WaitHandle.WaitOne(interval);
            }
        })
        { IsBackground = true, Name = "alps-ghost cgroup watcher" };
        _thread.Start();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _cts?.Cancel();
        _thread?.Join();
        _cts?.Dispose();
    }
}
