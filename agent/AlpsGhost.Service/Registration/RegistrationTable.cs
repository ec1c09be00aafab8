using System.Collections.Concurrent;

namespace AlpsGhost.Service.Registration;

/// <summary>pid -> registration, written by the registration socket and read by the agent at TASK_NEW.</summary>
/// <remarks>Lock-free for readers (a concurrent dictionary read); bounded so that a flood of registrations
/// cannot grow memory without limit: beyond <see cref="Capacity"/> new pids are refused.</remarks>
public sealed class RegistrationTable
{
    private readonly ConcurrentDictionary<int, RegistrationEntry> _byPid = new();

    /// <summary>Creates a table holding at most <paramref name="capacity"/> pids.</summary>
    public RegistrationTable(int capacity = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Maximum number of registered pids.</summary>
    public int Capacity { get; }

    /// <summary>Registered pids.</summary>
    public int Count => _byPid.Count;

    /// <summary>Registers (or replaces) <paramref name="pid"/>; false when the table is full and the pid is new.</summary>
    public bool Register(int pid, RegistrationEntry entry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pid, 1);
        ArgumentNullException.ThrowIfNull(entry);
        if (_byPid.Count >= Capacity && !_byPid.ContainsKey(pid))
        {
            return false;
        }
        _byPid[pid] = entry;
        return true;
    }

    /// <summary>Removes <paramref name="pid"/>; false if it was not registered.</summary>
    public bool Unregister(int pid) => _byPid.TryRemove(pid, out _);

    /// <summary>The registration of <paramref name="pid"/>, if any.</summary>
    public bool TryGet(int pid, out RegistrationEntry entry)
    {
        if (_byPid.TryGetValue(pid, out RegistrationEntry? e))
        {
            entry = e;
            return true;
        }
        entry = null!;
        return false;
    }
}
