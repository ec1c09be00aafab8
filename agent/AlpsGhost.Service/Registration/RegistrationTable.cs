using System.Collections.Concurrent;

namespace AlpsGhost.Service.Registration;

/// <summary>pid -> registration, written by the registration socket and read by the agent at TASK_NEW.</summary>
/// <remarks>
/// <para>Lock-free for readers (a concurrent dictionary read); bounded so that a flood of registrations
/// cannot grow memory without limit: beyond <see cref="Capacity"/> new pids are refused.</para>
/// <para>An entry registered with a <see cref="ProcessHandle"/> lives only as long as that process: a lookup
/// never returns the entry of an exited process (its pid may already name another one) and
/// <see cref="Sweep"/> (run by the server) removes them, so the table follows the live processes.</para>
/// </remarks>
public sealed class RegistrationTable
{
    private readonly ConcurrentDictionary<int, Slot> _byPid = new();
    private readonly Lock _write = new();

    /// <summary>Creates a table holding at most <paramref name="capacity"/> pids.</summary>
    public RegistrationTable(int capacity = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Maximum number of registered pids.</summary>
    public int Capacity { get; }

    /// <summary>Registered pids (including exited ones not yet swept).</summary>
    public int Count => _byPid.Count;

    /// <summary>Registers (or replaces) <paramref name="pid"/>; false when the table is full and the pid is new.</summary>
    /// <param name="pid">The registered pid.</param>
    /// <param name="entry">What was declared.</param>
    /// <param name="process">The process the registration belongs to: the entry ends when it exits, and the table
    /// owns (disposes) the handle from now on. Null: the entry lasts until unregistered.</param>
    public bool Register(int pid, RegistrationEntry entry, ProcessHandle? process = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pid, 1);
        ArgumentNullException.ThrowIfNull(entry);
        lock (_write)
        {
            if (_byPid.Count >= Capacity && !_byPid.ContainsKey(pid) && Sweep() == 0)
            {
                process?.Dispose();
                return false;
            }
            if (_byPid.TryGetValue(pid, out Slot? old))
            {
                old.Process?.Dispose();
            }
            _byPid[pid] = new Slot(entry, process);
            return true;
        }
    }

    /// <summary>Removes <paramref name="pid"/>; false if it was not registered (or its process had exited).</summary>
    public bool Unregister(int pid)
    {
        lock (_write)
        {
            if (!_byPid.TryRemove(pid, out Slot? slot))
            {
                return false;
            }
            bool alive = slot.Process is null || !slot.Process.HasExited;
            slot.Process?.Dispose();
            return alive;
        }
    }

    /// <summary>The registration of <paramref name="pid"/>, if any and if its process is still running.</summary>
    public bool TryGet(int pid, out RegistrationEntry entry)
    {
        if (_byPid.TryGetValue(pid, out Slot? s) && !(s.Process?.HasExited ?? false))
        {
            entry = s.Entry;
            return true;
        }
        entry = null!;
        return false;
    }

    /// <summary>Removes every entry whose process has exited; returns how many.</summary>
    public int Sweep()
    {
        int removed = 0;
        lock (_write)
        {
            foreach (KeyValuePair<int, Slot> kv in _byPid)
            {
                if (kv.Value.Process is { HasExited: true } && _byPid.TryRemove(kv))
                {
                    kv.Value.Process.Dispose();
                    removed++;
                }
            }
        }
        return removed;
    }

    private sealed record Slot(RegistrationEntry Entry, ProcessHandle? Process);
}
