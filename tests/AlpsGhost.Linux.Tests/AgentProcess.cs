using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using AlpsGhost.Linux.Native;

namespace AlpsGhost.Linux.Tests;

/// <summary>
/// The agent executable (<c>alps-ghost-agent --kernel linux</c>) as a separate process with its own config, readiness
/// through a NOTIFY_SOCKET datagram (as the harness waits for it), and test children started through symlinks with
/// unique comms, so nothing but processes of the test is ever matched.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly List<Process> _children = [];
    private readonly StringBuilder _stdout = new(), _stderr = new();

    private AgentProcess(string directory, Process process)
    {
        Directory = directory;
        Process = process;
    }

    public string Directory { get; }

    public Process Process { get; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Skips the test unless it can run here: root, x86_64 Linux, the agent built beside the tests.</summary>
    public static void RequireRoot()
    {
        if (!LinuxNative.Supported)
        {
            Assert.Ignore("needs x86_64 Linux (sched_setattr by syscall number)");
        }
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("needs root (CAP_SYS_NICE to raise tasks, CAP_NET_ADMIN for process events); CI runs as root");
        }
    }

    /// <summary>A fresh tag (comm) no other process on the machine has: at most 15 characters.</summary>
    public static string UniqueTag() => "alT" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Starts the agent with <paramref name="configJson"/> and waits (bounded) for READY=1.</summary>
    public static AgentProcess Start(string configJson)
    {
        string dir = Path.Combine(Path.GetTempPath(), "alps-linux-test-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        string config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, configJson);
        string notify = Path.Combine(dir, "notify.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(notify));
        listener.ReceiveTimeout = 60_000; // bounded: the machine may be loaded
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "alps-ghost-agent"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "--kernel", "linux", "--config", config })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["NOTIFY_SOCKET"] = notify;
        var agent = new AgentProcess(dir, Process.Start(start)!);
        agent.Process.OutputDataReceived += (_, e) => Append(agent._stdout, e.Data);
        agent.Process.ErrorDataReceived += (_, e) => Append(agent._stderr, e.Data);
        agent.Process.BeginOutputReadLine();
        agent.Process.BeginErrorReadLine();
        var buffer = new byte[64];
        try
        {
            int n = listener.Receive(buffer);
            Assert.That(Encoding.ASCII.GetString(buffer, 0, n), Is.EqualTo("READY=1"));
        }
        catch (SocketException)
        {
            agent.Dispose();
            Assert.Fail("the agent did not send READY=1 within 60 s; stderr: " + agent.Stderr);
        }
        return agent;
    }

    private static void Append(StringBuilder b, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (b)
        {
            b.AppendLine(line);
        }
    }

    /// <summary>Starts <paramref name="executable"/> through a symlink named <paramref name="tag"/>, so its comm is the tag.</summary>
    public Process Child(string tag, string executable, params string[] arguments)
    {
        string link = Path.Combine(Directory, tag);
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, executable);
        }
        var start = new ProcessStartInfo(link) { UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        Process p = Process.Start(start)!;
        _children.Add(p);
        return p;
    }

    /// <summary>The watchdog's pid, from the agent's start line.</summary>
    public int WatchdogPid()
    {
        // The line precedes READY=1 on the agent's side; our asynchronous reader may deliver it a little later.
        Assert.That(Within(TimeSpan.FromSeconds(10), () => Stdout.Contains("watchdog pid", StringComparison.Ordinal)), Is.True, "the agent's start line");
        string line = Stdout.Split('\n').First(l => l.Contains("watchdog pid", StringComparison.Ordinal));
        string after = line[(line.IndexOf("watchdog pid ", StringComparison.Ordinal) + 13)..];
        return int.Parse(after[..after.IndexOf(';', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The policy of <paramref name="tid"/> as the kernel reports it (sched_getattr).</summary>
    public static SchedAttr Attr(int tid)
    {
        int r = LinuxNative.SchedGetAttr(tid, out SchedAttr attr);
        Assert.That(r, Is.Zero, $"sched_getattr({tid})");
        return attr;
    }

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="deadline"/> passes (observing a real kernel).</summary>
    public static bool Within(TimeSpan deadline, Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (condition())
            {
                return true;
            }
            Thread.Yield();
        }
        return condition();
    }

    public void Dispose()
    {
        foreach (Process c in _children)
        {
            Kill(c);
        }
        Kill(Process);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill();
                p.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }
        p.Dispose();
    }
}
