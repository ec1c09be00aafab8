using System.Globalization;

namespace AlpsGhost.Linux;

/// <summary>
/// Keeps every thread of the agent's process above the bands (SCHED_FIFO at the agent's priority), not only the
/// agent and learner threads: the runtime's own threads (thread pool, timers, sockets, background GC, logging) run
/// managed code too, and a garbage collection cannot finish until each of them reaches a safe point. In the fair
/// class, under raised tasks that hold every CPU, such a thread waits up to the fair server's period (a second) for
/// the CPU, and the agent with it.
/// </summary>
/// <remarks>
/// The runtime creates threads whenever it likes, and a new .NET thread starts in SCHED_OTHER whatever its creator
/// runs at. So <see cref="Check"/> (from every round of the agent loop) re-lists the process's threads and raises any
/// that is not real-time as soon as the thread pool's thread count changes (the threads the runtime adds and retires
/// while it runs; a managed read, no system call), and otherwise at most once per <see cref="IntervalNs"/> for any
/// other thread: a pool thread left fair while raised tasks hold every CPU can keep a collection, and so the agent,
/// waiting up to the fair server's period. The runtime's tier-up worker, the one thread the agent thread itself used
/// to create, is kept alive instead (<see cref="TieringWorkerGuard"/>). Raised with SCHED_FLAG_RESET_ON_FORK like every
/// task the backend raises, so child processes (the watchdog) start fair.
/// Invariant: a thread is raised at most once per check; one that refuses (it exited meanwhile, or no permission) is
/// counted and retried at the next check.
/// </remarks>
public sealed class AgentThreads
{
    /// <summary>How often <see cref="Check"/> re-lists the threads: once a second (a few system calls).</summary>
    public const long IntervalNs = 1_000_000_000;

    private readonly IKernelScheduling _kernel;
    private readonly int _priority;
    private readonly Func<IEnumerable<int>> _threads;
    private readonly Func<int> _poolThreads;
    private long _nextCheckNs;
    private int _poolThreadsAtLastCheck = -1;

    /// <summary>Threads of <paramref name="threads"/> (default: /proc/self/task) kept at SCHED_FIFO <paramref name="priority"/> through <paramref name="kernel"/>.</summary>
    /// <param name="kernel">Where the raises go.</param>
    /// <param name="priority">The agent's priority.</param>
    /// <param name="threads">The process's threads (tests give a list).</param>
    /// <param name="poolThreads">The thread pool's thread count, read every round (default: <see cref="ThreadPool.ThreadCount"/>).</param>
    public AgentThreads(IKernelScheduling kernel, int priority, Func<IEnumerable<int>>? threads = null, Func<int>? poolThreads = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        _kernel = kernel;
        _priority = priority;
        _threads = threads ?? OwnThreads;
        _poolThreads = poolThreads ?? (() => ThreadPool.ThreadCount);
    }

    /// <summary>Threads raised so far.</summary>
    public int Raised { get; private set; }

    /// <summary>Raises that failed so far (retried at the next check).</summary>
    public int Refused { get; private set; }

    /// <summary>Raises the threads now if the thread pool's thread count changed or <see cref="IntervalNs"/> has passed since the last check.</summary>
    public void Check(long nowNs)
    {
        int pool = _poolThreads();
        if (nowNs < _nextCheckNs && pool == _poolThreadsAtLastCheck)
        {
            return;
        }
        _poolThreadsAtLastCheck = pool;
        _nextCheckNs = nowNs + IntervalNs;
        RaiseAll();
    }

    /// <summary>Raises every thread that is not real-time; returns how many it raised.</summary>
    public int RaiseAll()
    {
        int raised = 0;
        foreach (int tid in _threads())
        {
            if (_kernel.IsRealtime(tid))
            {
                continue;
            }
            if (_kernel.Raise(tid, _priority, roundRobin: false) == 0)
            {
                raised++;
            }
            else
            {
                Refused++;
            }
        }
        Raised += raised;
        return raised;
    }

    private static IEnumerable<int> OwnThreads()
    {
        var tids = new List<int>();
        try
        {
            foreach (string dir in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
                {
                    tids.Add(tid);
                }
            }
        }
        catch (IOException)
        {
            // /proc unreadable: nothing to raise this time.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return tids;
    }
}
