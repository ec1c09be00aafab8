using System.Runtime.InteropServices;
using System.Text;

namespace AlpsGhost.Linux;

/// <summary>
/// Keeps the runtime's tiered-compilation worker thread alive for the whole run, so the agent thread never has to
/// create it.
/// </summary>
/// <remarks>
/// <para>The runtime's tier-up worker exits after 4 s without work and is created again by whichever thread next
/// has a method to optimise; that thread then waits until the new thread has started. A new .NET thread starts in
/// SCHED_OTHER, so when the creator is the agent thread and raised tasks hold every CPU, the agent waits for the fair
/// server: about a second. Measured with strace (run at SCHED_FIFO 60) on an sfs run of auth-video at U = 0.85: the
/// agent thread created the worker four times in 60 s, and once waited 1.7 s in the futex after clone3 while the new
/// thread got no CPU; the agent's `round_busy_us_max` was 0.89-0.91 s in the same run without strace.</para>
/// <para>The idle timeout can only be set by the environment before the runtime starts
/// (<c>DOTNET_TC_BackgroundWorkerTimeoutMs</c>, hexadecimal; a runtimeconfig property of that name is ignored:
/// checked with a test program whose worker was still replaced after 4 s idle), so <c>--kernel linux</c> executes
/// itself again, once, with it set: the same executable (<c>/proc/self/exe</c>), the same arguments
/// (<c>/proc/self/cmdline</c>) and process id. Tiered compilation and its profile-guided optimisation stay on.</para>
/// </remarks>
public static partial class TieringWorkerGuard
{
    /// <summary>The runtime setting (read only at start-up, from the environment).</summary>
    public const string Variable = "DOTNET_TC_BackgroundWorkerTimeoutMs";

    /// <summary>Its value: the largest timeout (hexadecimal, as the runtime reads it), about 49 days.</summary>
    public const string Value = "FFFFFFFF";

    /// <summary>Whether this process started with the worker kept alive.</summary>
    public static bool Active => Environment.GetEnvironmentVariable(Variable) == Value;

    /// <summary>
    /// Replaces this process by itself, with the same arguments and <see cref="Variable"/> set. Returns only if that
    /// failed, with the errno (the caller goes on without the guard).
    /// </summary>
    public static unsafe int ExecuteAgain()
    {
        byte[] cmdline;
        try
        {
            cmdline = File.ReadAllBytes("/proc/self/cmdline");
        }
        catch (IOException)
        {
            return 2; // ENOENT
        }
        catch (UnauthorizedAccessException)
        {
            return 13; // EACCES
        }
        List<string> argv = SplitCommandLine(cmdline);
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if ((string)e.Key != Variable)
            {
                env.Add($"{e.Key}={e.Value}");
            }
        }
        env.Add($"{Variable}={Value}");
        nint[] args = Strings(argv), vars = Strings(env);
        try
        {
            fixed (nint* a = args, v = vars)
            {
                byte[] path = Encoding.UTF8.GetBytes("/proc/self/exe\0");
                fixed (byte* p = path)
                {
                    Execve(p, a, v);
                }
            }
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            Free(args);
            Free(vars);
        }
    }

    /// <summary>The arguments of a <c>/proc/&lt;pid&gt;/cmdline</c> block: NUL-terminated strings, UTF-8.</summary>
    public static List<string> SplitCommandLine(ReadOnlySpan<byte> cmdline)
    {
        var args = new List<string>();
        while (!cmdline.IsEmpty)
        {
            int end = cmdline.IndexOf((byte)0);
            if (end < 0)
            {
                end = cmdline.Length; // a last argument without its NUL (truncated block)
            }
            args.Add(Encoding.UTF8.GetString(cmdline[..end]));
            cmdline = end < cmdline.Length ? cmdline[(end + 1)..] : [];
        }
        return args;
    }

    // NULL-terminated array of UTF-8 strings for execve.
    private static nint[] Strings(List<string> items)
    {
        var pointers = new nint[items.Count + 1];
        for (int i = 0; i < items.Count; i++)
        {
            pointers[i] = Marshal.StringToCoTaskMemUTF8(items[i]);
        }
        return pointers;
    }

    private static void Free(nint[] pointers)
    {
        foreach (nint p in pointers)
        {
            if (p != 0)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static unsafe partial int Execve(byte* path, nint* argv, nint* envp);
}
