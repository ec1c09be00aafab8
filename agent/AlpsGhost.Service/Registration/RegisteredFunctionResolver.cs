using System.Globalization;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Ghost;

namespace AlpsGhost.Service.Registration;

/// <summary>
/// Resolves a task's function from the registration socket first (by its tid, then its thread-group id), and
/// falls back to another resolver (the config's rules).
/// </summary>
/// <remarks>
/// <para>Runs once per task at TASK_NEW. A launcher registers a process (its tgid); the agent sees threads, so
/// an unregistered tid is mapped to its tgid through the <c>Tgid:</c> line of <c>/proc/&lt;tid&gt;/status</c>
/// (one small file read, only when the table is not empty and the tid itself is not registered).</para>
/// <para>Trust cap (<c>RegistrationTrust.Cap</c>): an untrusted registration must never give a task a better
/// rank than an unknown task nor a slice. A function id carries the function's rank and slice, so an
/// untrusted registration is not turned into an id: the task resolves as the rules say (or unknown), i.e.
/// exactly the unknown-function treatment at worst. Rank hints (<c>seal_priority</c>) are kept in the table
/// but do not reach the policy, which ranks by function id only.</para>
/// </remarks>
public sealed class RegisteredFunctionResolver : IFunctionResolver
{
    private readonly IFunctionResolver _fallback;
    private readonly RegistrationTable _table;
    private readonly FunctionNameIds _ids;
    private readonly string _procRoot;

    /// <summary>Creates the decorator.</summary>
    /// <param name="fallback">Used when the task's tid and tgid are not registered (or registered untrusted).</param>
    /// <param name="table">The registration socket's table.</param>
    /// <param name="ids">Function name -> id, shared with the fallback so names agree.</param>
    /// <param name="procRoot">Root of procfs (tests pass a fixture directory).</param>
    public RegisteredFunctionResolver(IFunctionResolver fallback, RegistrationTable table, FunctionNameIds ids, string procRoot = "/proc")
    {
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentException.ThrowIfNullOrEmpty(procRoot);
        _fallback = fallback;
        _table = table;
        _ids = ids;
        _procRoot = procRoot;
    }

    /// <summary>Tasks resolved through a registration.</summary>
    public long RegisteredHits { get; private set; }

    /// <inheritdoc/>
    public int Resolve(in TaskDescription task)
    {
        if (_table.Count > 0 && task.Tid > 0 && TryFind(task.Tid, out RegistrationEntry entry) && entry.Trusted)
        {
            int id = _ids.IdOf(entry.Function);
            if (id >= 0)
            {
                RegisteredHits++;
                return id;
            }
        }
        return _fallback.Resolve(in task);
    }

    private bool TryFind(int tid, out RegistrationEntry entry)
    {
        if (_table.TryGet(tid, out entry))
        {
            return true;
        }
        int tgid = ReadTgid(tid);
        return tgid > 0 && tgid != tid && _table.TryGet(tgid, out entry);
    }

    /// <summary>The thread-group id of <paramref name="tid"/> from <c>/proc/&lt;tid&gt;/status</c>, or -1.</summary>
    internal int ReadTgid(int tid)
    {
        try
        {
            foreach (string line in File.ReadLines(Path.Combine(_procRoot, tid.ToString(CultureInfo.InvariantCulture), "status")))
            {
                if (line.StartsWith("Tgid:", StringComparison.Ordinal))
                {
                    return int.TryParse(line.AsSpan(5).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int tgid) ? tgid : -1;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The task may already have exited: it is simply not registered.
        }
        return -1;
    }
}
