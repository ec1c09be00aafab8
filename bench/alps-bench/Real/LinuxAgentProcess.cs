using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace AlpsGhost.Bench.Real;

/// <summary><c>alps-ghost-agent --kernel linux</c> as a separate process for one real run: started with a
/// config and a policy, waited for until it is ready (<c>READY=1</c> on <c>$NOTIFY_SOCKET</c>), stopped with SIGTERM.</summary>
/// <remarks>Invariant: after <see cref="Dispose"/> the agent process no longer runs (SIGKILL if it ignored
/// SIGTERM; its watchdog then returns whatever it raised to the fair class).</remarks>
internal sealed partial class LinuxAgentProcess : IDisposable
{
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private readonly Process _process;
    private readonly Socket _notify;
    private readonly string _notifyPath;
    private readonly StringBuilder _stderr = new();
    private bool _stopped;

    private LinuxAgentProcess(Process process, Socket notify, string notifyPath)
    {
        _process = process;
        _notify = notify;
        _notifyPath = notifyPath;
    }

    /// <summary>Process id of the agent.</summary>
    public int Pid => _process.Id;

    /// <summary>Everything the agent wrote on stderr so far.</summary>
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

    /// <summary>The agent executable beside alps-bench (the build copies it there), or the given path.</summary>
    public static string Locate(string? path)
    {
        string candidate = path ?? Path.Combine(AppContext.BaseDirectory, "alps-ghost-agent");
        if (!File.Exists(candidate))
        {
            throw new BenchException($"the agent executable {candidate} does not exist: expected alps-ghost-agent beside alps-bench (built by `dotnet build bench/alps-bench`) or --agent PATH");
        }
        return candidate;
    }

    /// <summary>Starts the agent with <paramref name="policy"/> and <paramref name="configPath"/>; its notify socket lives in <paramref name="workDir"/>.</summary>
    public static LinuxAgentProcess Start(string executable, string policy, string configPath, string workDir)
    {
        string notifyPath = Path.Combine(workDir, "notify-" + policy + ".sock");
        File.Delete(notifyPath);
        var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "--kernel", "linux", "--config", configPath, "--policy", policy })
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["NOTIFY_SOCKET"] = notifyPath;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new RealRunException($"could not start {executable}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            notify.Dispose();
            throw new RealRunException($"could not start {executable}: {e.Message}");
        }
        var agent = new LinuxAgentProcess(process, notify, notifyPath);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (agent._stderr)
                {
                    agent._stderr.Append(e.Data).Append('\n');
                }
            }
        };
        // stdout is drained and dropped: a full pipe would block the agent.
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return agent;
    }

    /// <summary>Waits until the agent sent <c>READY=1</c>; throws a <see cref="RealRunException"/> with its stderr if it exited or <paramref name="timeout"/> passed first.</summary>
    public void WaitReady(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[4096];
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new RealRunException($"the agent exited with code {_process.ExitCode} before it was ready; its stderr:\n{Tail(Stderr)}");
            }
            // Short receive timeouts so an agent that dies is noticed; each wait is bounded by the socket, not a sleep.
            _notify.ReceiveTimeout = 200;
            try
            {
                int n = _notify.Receive(buffer);
                string message = Encoding.UTF8.GetString(buffer, 0, n);
                if (message.Split('\n').Contains("READY=1"))
                {
                    return;
                }
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
            }
        }
        throw new RealRunException($"the agent did not send READY=1 to NOTIFY_SOCKET within {timeout.TotalSeconds:F0} s; its stderr:\n{Tail(Stderr)}");
    }

    /// <summary>The agent process's CPU time so far, ns (-1 once it is gone).</summary>
    public long CpuNs() => ProcFiles.ProcessCpuNs(_process.Id);

    /// <summary>Sends SIGTERM and waits up to <paramref name="timeout"/>; returns the exit code, or null if it had to be killed.</summary>
    public int? Stop(TimeSpan timeout)
    {
        _stopped = true;
        if (!_process.HasExited)
        {
            Kill(_process.Id, SigTerm);
        }
        if (_process.WaitForExit(timeout))
        {
            _process.WaitForExit(); // flushes the asynchronous stderr reader
            return _process.ExitCode;
        }
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_stopped)
        {
            Stop(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        _notify.Dispose();
        File.Delete(_notifyPath);
    }

    /// <summary>The last lines of <paramref name="text"/> (an agent's stderr can be long).</summary>
    public static string Tail(string text)
    {
        string[] lines = text.TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Length <= 20 ? lines : lines[^20..]);
    }
}
