using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace AlpsGhost.Linux;

/// <summary>
/// The agent side of the watchdog: starts the watchdog process with a pipe on its standard input and journals
/// every raise (<c>R tid starttime</c>) and return (<c>F tid</c>) on it. When the agent dies, however it dies, the
/// kernel closes the pipe and the watchdog returns every task still listed to SCHED_OTHER (<see cref="Watchdog"/>).
/// </summary>
/// <remarks>Writes are one small <c>write</c> each from a reused buffer (no allocation). A failed write (the
/// watchdog died) makes the journal unhealthy: the enforcer then raises nothing more.</remarks>
public sealed class WatchdogJournal : IRaisedTaskJournal, IDisposable
{
    private readonly Process _process;
    private readonly Stream _pipe;
    private readonly Action<string> _log;
    private readonly byte[] _line = new byte[48];

    private WatchdogJournal(Process process, Action<string> log)
    {
        _process = process;
        _pipe = process.StandardInput.BaseStream;
        _log = log;
    }

    /// <summary>The watchdog's line that says it is ready (it runs above the band and ignores SIGINT/SIGTERM).</summary>
    public const string ReadyLine = "ready";

    /// <inheritdoc/>
    public bool Healthy { get; private set; } = true;

    /// <summary>The watchdog's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the watchdog (<paramref name="fileName"/> <paramref name="arguments"/>) and waits, bounded, for its ready line.</summary>
    /// <exception cref="LinuxBackendException">It could not start or did not say ready in time.</exception>
    public static WatchdogJournal Start(string fileName, IReadOnlyList<string> arguments, TimeSpan readyTimeout, Action<string>? log = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LinuxBackendException($"could not start the watchdog {fileName}", 0);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LinuxBackendException($"could not start the watchdog {fileName}: {e.Message}", e.NativeErrorCode);
        }
        Task<string?> ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(readyTimeout) || ready.Result != ReadyLine)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            throw new LinuxBackendException($"the watchdog {fileName} did not report ready within {readyTimeout.TotalSeconds:F0} s", 0);
        }
        return new WatchdogJournal(process, log ?? (_ => { }));
    }

    /// <inheritdoc/>
    public void Raised(int tid, long startTime)
    {
        _line[0] = (byte)'R';
        _line[1] = (byte)' ';
        Utf8Formatter.TryFormat(tid, _line.AsSpan(2), out int n);
        n += 2;
        _line[n++] = (byte)' ';
        Utf8Formatter.TryFormat(startTime, _line.AsSpan(n), out int w);
        n += w;
        _line[n++] = (byte)'\n';
        Write(n);
    }

    /// <inheritdoc/>
    public void Returned(int tid)
    {
        _line[0] = (byte)'F';
        _line[1] = (byte)' ';
        Utf8Formatter.TryFormat(tid, _line.AsSpan(2), out int n);
        n += 2;
        _line[n++] = (byte)'\n';
        Write(n);
    }

    private void Write(int length)
    {
        if (!Healthy)
        {
            return;
        }
        try
        {
            _pipe.Write(_line, 0, length);
            _pipe.Flush();
        }
        catch (IOException e)
        {
            Healthy = false;
            _log("the watchdog is gone (" + e.Message + "): no task will be raised any more");
        }
    }

    /// <summary>Closes the pipe (the watchdog then exits) and waits for it, bounded.</summary>
    public void Dispose()
    {
        try
        {
            _pipe.Dispose();
        }
        catch (IOException)
        {
            // the watchdog already left
        }
        _process.WaitForExit(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }
}

/// <summary>
/// The watchdog process: runs SCHED_FIFO above the band, ignores SIGINT/SIGTERM/SIGHUP (it must outlive the
/// agent), reads the agent's journal until end of file, then returns every task still listed as raised to
/// SCHED_OTHER, after checking that the tid still names the same thread (its start time).
/// </summary>
public static class Watchdog
{
    /// <summary>Runs until the journal ends; the exit code (0).</summary>
    public static int Run(TextReader journal, TextWriter ready, TextWriter log, IKernelScheduling kernel)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(kernel);
        using PosixSignalRegistration a = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        using PosixSignalRegistration b = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => c.Cancel = true);
        using PosixSignalRegistration c = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => c.Cancel = true);
        int error = SchedSetattrKernel.RaiseCurrentThread(PriorityBands.AgentPriority);
        if (error != 0)
        {
            log.WriteLine($"alps-ghost-agent linux-watchdog: cannot run SCHED_FIFO {PriorityBands.AgentPriority} (errno {error}); watching at normal priority");
        }
        ready.WriteLine(WatchdogJournal.ReadyLine);
        ready.Flush();
        var raised = new Dictionary<int, long>();
        long malformed = Follow(journal, raised);
        int returned = ReturnAll(raised, kernel, ProcFsStartTime);
        if (raised.Count > 0 || malformed > 0)
        {
            log.WriteLine($"alps-ghost-agent linux-watchdog: the agent is gone; returned {returned} of {raised.Count} raised tasks to SCHED_OTHER ({raised.Count - returned} had exited){(malformed > 0 ? $"; {malformed} malformed journal lines skipped" : "")}");
        }
        return 0;
    }

    /// <summary>Applies journal lines to <paramref name="raised"/> (tid -> start time) until end of file; the number of malformed lines.</summary>
    public static long Follow(TextReader journal, Dictionary<int, long> raised)
    {
        long malformed = 0;
        while (journal.ReadLine() is string line)
        {
            string[] parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == "R" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int tid)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long start) && tid > 0)
            {
                raised[tid] = start;
            }
            else if (parts.Length == 2 && parts[0] == "F" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out tid))
            {
                raised.Remove(tid);
            }
            else
            {
                malformed++;
            }
        }
        return malformed;
    }

    /// <summary>Returns every listed task whose start time still matches to fair; how many were returned.</summary>
    public static int ReturnAll(Dictionary<int, long> raised, IKernelScheduling kernel, Func<int, long?> startTimeOf)
    {
        int returned = 0;
        foreach ((int tid, long start) in raised)
        {
            if (startTimeOf(tid) == start && kernel.MakeFair(tid, 0) == 0)
            {
                returned++;
            }
        }
        return returned;
    }

    private static long? ProcFsStartTime(int tid) => ProcFs.TryReadStat(tid, tid, out _, out long start) ? start : null;
}
