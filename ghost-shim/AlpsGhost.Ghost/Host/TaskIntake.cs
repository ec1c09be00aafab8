using System.Globalization;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Host;

/// <summary>Moves existing threads into an enclave: every thread of a process, or every thread of a cgroup v2 subtree.</summary>
/// <remarks>
/// Threads that exit between listing and moving (ESRCH) are counted as vanished, not errors: the
/// lists are snapshots of a moving system. Any other errno throws <see cref="GhostNativeException"/>.
/// </remarks>
public static class TaskIntake
{
    /// <summary>Thread ids of <paramref name="pid"/> (<c>/proc/&lt;pid&gt;/task/*</c>), ascending; empty if the process is gone.</summary>
    public static IReadOnlyList<int> ThreadsOf(int pid, string procRoot = "/proc")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        var tids = new List<int>();
        string dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "task");
        try
        {
            foreach (string entry in Directory.EnumerateDirectories(dir))
            {
                if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int tid) && tid > 0)
                {
                    tids.Add(tid);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        tids.Sort();
        return tids;
    }

    /// <summary>Parses a <c>cgroup.threads</c> (or <c>cgroup.procs</c>) file: one decimal id per line.</summary>
    /// <exception cref="GhostfsFormatException">A line is not a positive decimal.</exception>
    public static IReadOnlyList<int> ParseThreadList(string text, string source = "cgroup.threads")
    {
        ArgumentNullException.ThrowIfNull(text);
        var tids = new List<int>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int tid) || tid <= 0)
            {
                throw new GhostfsFormatException(source, line, "one positive thread id per line");
            }
            tids.Add(tid);
        }
        return tids;
    }

    /// <summary>Thread ids in <paramref name="cgroupDirectory"/> and, if <paramref name="recursive"/>, every descendant cgroup.</summary>
    public static IReadOnlyList<int> ThreadsOfCgroup(string cgroupDirectory, bool recursive = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(cgroupDirectory);
        var tids = new List<int>();
        Collect(cgroupDirectory, recursive, tids);
        return tids;
    }

    /// <summary>Moves every thread of <paramref name="pid"/> into <paramref name="sink"/>.</summary>
    public static TaskIntakeResult MoveProcess(ITaskSink sink, int pid, string procRoot = "/proc")
    {
        ArgumentNullException.ThrowIfNull(sink);
        return Move(sink, ThreadsOf(pid, procRoot));
    }

    /// <summary>Moves every thread of a cgroup v2 subtree into <paramref name="sink"/>.</summary>
    public static TaskIntakeResult MoveCgroup(ITaskSink sink, string cgroupDirectory, bool recursive = true)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return Move(sink, ThreadsOfCgroup(cgroupDirectory, recursive));
    }

    /// <summary>Moves <paramref name="tids"/> into <paramref name="sink"/>.</summary>
    public static TaskIntakeResult Move(ITaskSink sink, IReadOnlyList<int> tids)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(tids);
        int moved = 0, vanished = 0;
        foreach (int tid in tids)
        {
            int errno = sink.AddTask(tid);
            if (errno == 0)
            {
                moved++;
            }
            else if (errno == Errno.ESRCH)
            {
                vanished++;
            }
            else
            {
                throw new GhostNativeException(GhostOperation.AddTask, errno, $"tid {tid}");
            }
        }
        return new TaskIntakeResult(moved, vanished);
    }

    private static void Collect(string dir, bool recursive, List<int> tids)
    {
        string file = Path.Combine(dir, "cgroup.threads");
        try
        {
            tids.AddRange(ParseThreadList(File.ReadAllText(file), file));
        }
        catch (FileNotFoundException)
        {
            // No thread list here (not a cgroup v2 directory, or removed while we scan): its
            // children may still be cgroups.
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        if (!recursive)
        {
            return;
        }
        try
        {
            foreach (string child in Directory.EnumerateDirectories(dir))
            {
                Collect(child, recursive: true, tids);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
