using System.Runtime.InteropServices;

namespace AlpsGhost.Bench.Real;

/// <summary>The few Linux calls the real-thread engine needs: thread CPU time, precise sleep, affinity, tid, switch counts.</summary>
internal static partial class LinuxThreads
{
    private const int ClockThreadCpuTimeId = 3;
    private const int RusageThread = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out Timespec time);

    [LibraryImport("libc", EntryPoint = "nanosleep", SetLastError = true)]
    private static partial int NanoSleep(in Timespec request, out Timespec remaining);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint size, ulong[] mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nint size, [Out] ulong[] mask);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int niceness);

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, [Out] long[] usage);

    /// <summary>Whether these calls exist here (Linux only).</summary>
    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>CPU time the calling thread has consumed, ns (CLOCK_THREAD_CPUTIME_ID).</summary>
    public static long ThreadCpuNs()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out Timespec t) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return t.Seconds * 1_000_000_000L + t.Nanoseconds;
    }

    /// <summary>Sleeps the calling thread for <paramref name="ns"/> of wall time (restarts on signals).</summary>
    public static void SleepNs(long ns)
    {
        var request = new Timespec { Seconds = ns / 1_000_000_000L, Nanoseconds = ns % 1_000_000_000L };
        while (NanoSleep(request, out Timespec remaining) != 0)
        {
            request = remaining;
        }
    }

    /// <summary>The CPUs the calling thread may run on.</summary>
    public static List<int> AllowedCpus()
    {
        var mask = new ulong[16];
        if (SchedGetAffinity(0, mask.Length * sizeof(ulong), mask) != 0)
        {
            throw new InvalidOperationException($"sched_getaffinity failed: errno {Marshal.GetLastPInvokeError()}");
        }
        var cpus = new List<int>();
        for (int i = 0; i < mask.Length * 64; i++)
        {
            if ((mask[i / 64] & (1UL << (i % 64))) != 0)
            {
                cpus.Add(i);
            }
        }
        return cpus;
    }

    /// <summary>Pins the calling thread to <paramref name="cpus"/>; threads it creates inherit the mask.</summary>
    public static void PinCurrentThread(IReadOnlyList<int> cpus)
    {
        var mask = new ulong[16];
        foreach (int c in cpus)
        {
            mask[c / 64] |= 1UL << (c % 64);
        }
        if (SchedSetAffinity(0, mask.Length * sizeof(ulong), mask) != 0)
        {
            throw new InvalidOperationException($"sched_setaffinity to CPUs {string.Join(",", cpus)} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Sets the calling thread's nice value (Linux nice is per thread; new threads inherit it); false if not permitted.</summary>
    public static bool TrySetNice(int niceness) => SetPriority(0, GetTid(), niceness) == 0;

    /// <summary>The calling thread's kernel thread id (what ghOSt's enclave tasks file takes).</summary>
    public static int CurrentTid() => GetTid();

    /// <summary>Voluntary plus involuntary context switches of the calling thread so far.</summary>
    public static long ThreadContextSwitches()
    {
        // struct rusage on 64-bit Linux: two timevals (4 longs), then 14 longs; ru_nvcsw and ru_nivcsw are the last two.
        var usage = new long[18];
        return GetRusage(RusageThread, usage) == 0 ? usage[16] + usage[17] : 0;
    }
}
