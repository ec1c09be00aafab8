using System.Buffers.Text;
using System.Text;
using AlpsGhost.Linux.Native;

namespace AlpsGhost.Linux;

/// <summary>
/// The few /proc reads of the backend, each one open/read/close into a stack buffer: a thread's comm and start
/// time (<c>stat</c>), its CPU time and run-queue wait (<c>schedstat</c>), its cgroup, and the srpt oracle's
/// declared demand from a process's environment.
/// </summary>
/// <remarks>Parsers are separate pure functions over bytes, tested on hostile input; a file that is missing,
/// truncated or malformed reads as "not available", never as an exception.</remarks>
public static class ProcFs
{
    /// <summary>The environment variable carrying an invocation's declared CPU demand (srpt oracle).</summary>
    public const string OracleVariable = "ALPS_ORACLE_CPU_NS";

    private static ReadOnlySpan<byte> OracleKey => "ALPS_ORACLE_CPU_NS="u8;

    /// <summary>Writes "/proc/{tgid}/task/{tid}/{leaf}\0" into <paramref name="path"/>; its length with the NUL.</summary>
    public static int TaskPath(Span<byte> path, int tgid, int tid, ReadOnlySpan<byte> leaf)
    {
        int n = 0;
        n += Copy("/proc/"u8, path[n..]);
        Utf8Formatter.TryFormat(tgid, path[n..], out int w);
        n += w;
        n += Copy("/task/"u8, path[n..]);
        Utf8Formatter.TryFormat(tid, path[n..], out w);
        n += w;
        path[n++] = (byte)'/';
        n += Copy(leaf, path[n..]);
        path[n++] = 0;
        return n;
    }

    /// <summary>A thread's comm and start time, or false when it is gone.</summary>
    public static bool TryReadStat(int tgid, int tid, out string comm, out long startTime)
    {
        Span<byte> path = stackalloc byte[64];
        Span<byte> buffer = stackalloc byte[1024];
        int n = LinuxNative.ReadSmallFile(path[..TaskPath(path, tgid, tid, "stat"u8)], buffer);
        if (n > 0 && TryParseStat(buffer[..n], out ReadOnlySpan<byte> c, out startTime))
        {
            comm = Encoding.UTF8.GetString(c);
            return true;
        }
        comm = string.Empty;
        startTime = 0;
        return false;
    }

    /// <summary>Parses <c>/proc/.../stat</c>: comm between the first '(' and the last ')' (a comm may contain ')' and
    /// spaces), start time = field 22.</summary>
    public static bool TryParseStat(ReadOnlySpan<byte> stat, out ReadOnlySpan<byte> comm, out long startTime)
    {
        comm = default;
        startTime = 0;
        int open = stat.IndexOf((byte)'(');
        int close = stat.LastIndexOf((byte)')');
        if (open < 0 || close < open || close - open - 1 > 64)
        {
            return false;
        }
        comm = stat[(open + 1)..close];
        ReadOnlySpan<byte> rest = stat[(close + 1)..];
        // rest starts with " S ppid ...": field 3 is the state; field 22 is the 20th token after ')'.
        for (int field = 3; field < 22; field++)
        {
            rest = rest.TrimStart((byte)' ');
            int space = rest.IndexOf((byte)' ');
            if (space < 0)
            {
                return false;
            }
            rest = rest[space..];
        }
        rest = rest.TrimStart((byte)' ');
        return Utf8Parser.TryParse(rest, out startTime, out int used) && used > 0 && startTime >= 0;
    }

    /// <summary>Parses <c>schedstat</c>: "cpu_ns wait_ns timeslices".</summary>
    public static bool TryParseSchedstat(ReadOnlySpan<byte> text, out long cpuNs, out long waitNs)
    {
        waitNs = 0;
        if (!Utf8Parser.TryParse(text, out cpuNs, out int used) || used == 0 || cpuNs < 0 || used >= text.Length || text[used] != (byte)' ')
        {
            cpuNs = 0;
            return false;
        }
        return Utf8Parser.TryParse(text[(used + 1)..], out waitNs, out int used2) && used2 > 0 && waitNs >= 0;
    }

    /// <summary>The declared demand (ns) in a process's environment block (NUL-separated <c>KEY=VALUE</c>), or 0.</summary>
    public static long ParseOracleDemand(ReadOnlySpan<byte> environ)
    {
        while (!environ.IsEmpty)
        {
            int end = environ.IndexOf((byte)0);
            ReadOnlySpan<byte> entry = end < 0 ? environ : environ[..end];
            if (entry.StartsWith(OracleKey))
            {
                ReadOnlySpan<byte> value = entry[OracleKey.Length..];
                return Utf8Parser.TryParse(value, out long ns, out int used) && used == value.Length && ns > 0 ? ns : 0;
            }
            environ = end < 0 ? default : environ[(end + 1)..];
        }
        return 0;
    }

    /// <summary>The declared demand of process <paramref name="tgid"/> (reads at most 64 KiB of its environment), or 0.</summary>
    public static long ReadOracleDemand(int tgid)
    {
        byte[] buffer = new byte[64 * 1024]; // discovery of an srpt task only, not the tick
        Span<byte> path = stackalloc byte[48];
        int n = WritePath(path, tgid, "environ"u8);
        int read = LinuxNative.ReadSmallFile(path[..n], buffer);
        return read > 0 ? ParseOracleDemand(buffer.AsSpan(0, read)) : 0;
    }

    /// <summary>The cgroup path of <paramref name="tid"/>: the v2 ("0::") line, else the v1 cpu controller's; "" if unknown.</summary>
    public static string ReadCgroupPath(int tid)
    {
        Span<byte> path = stackalloc byte[48];
        Span<byte> buffer = stackalloc byte[4096];
        int n = LinuxNative.ReadSmallFile(path[..WritePath(path, tid, "cgroup"u8)], buffer);
        return n > 0 ? ParseCgroupPath(buffer[..n]) : string.Empty;
    }

    /// <summary>Parses /proc/&lt;pid&gt;/cgroup (lines "id:controllers:path").</summary>
    public static string ParseCgroupPath(ReadOnlySpan<byte> text)
    {
        string v1 = string.Empty;
        foreach (Range r in text.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = text[r];
            int a = line.IndexOf((byte)':');
            int b = a < 0 ? -1 : line[(a + 1)..].IndexOf((byte)':');
            if (b < 0)
            {
                continue;
            }
            ReadOnlySpan<byte> controllers = line.Slice(a + 1, b);
            ReadOnlySpan<byte> cgroup = line[(a + b + 2)..];
            if (controllers.IsEmpty && line[..a].SequenceEqual("0"u8))
            {
                return Encoding.UTF8.GetString(cgroup);
            }
            foreach (Range c in controllers.Split((byte)','))
            {
                if (controllers[c].SequenceEqual("cpu"u8))
                {
                    v1 = Encoding.UTF8.GetString(cgroup);
                }
            }
        }
        return v1;
    }

    private static int WritePath(Span<byte> path, int pid, ReadOnlySpan<byte> leaf)
    {
        int n = Copy("/proc/"u8, path);
        Utf8Formatter.TryFormat(pid, path[n..], out int w);
        n += w;
        path[n++] = (byte)'/';
        n += Copy(leaf, path[n..]);
        path[n++] = 0;
        return n;
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }
}

/// <summary><see cref="ITaskCpuSource"/> over <c>/proc/&lt;tgid&gt;/task/&lt;tid&gt;/schedstat</c>, kept open: one pread per read.</summary>
public sealed class SchedstatCpuSource : ITaskCpuSource
{
    /// <inheritdoc/>
    public bool TryRead(int tgid, int tid, ref int handle, out long cpuNs, out long waitNs)
    {
        if (handle < 0)
        {
            Span<byte> path = stackalloc byte[64];
            int fd = LinuxNative.OpenRead(path[..ProcFs.TaskPath(path, tgid, tid, "schedstat"u8)]);
            if (fd < 0)
            {
                cpuNs = waitNs = 0;
                return false;
            }
            handle = fd;
        }
        Span<byte> buffer = stackalloc byte[96];
        int n = LinuxNative.ReadAtStart(handle, buffer);
        if (n > 0)
        {
            return ProcFs.TryParseSchedstat(buffer[..n], out cpuNs, out waitNs);
        }
        cpuNs = waitNs = 0;
        return false;
    }

    /// <inheritdoc/>
    public void Release(ref int handle)
    {
        LinuxNative.CloseFd(handle);
        handle = -1;
    }
}
