using System.Runtime.InteropServices;

namespace AlpsGhost.Cli.Grammar;

/// <summary>SIGINT (Ctrl+C) as a cancellation request: the running command stops early, reports what it has as
/// partial, and exits <see cref="AlpsGhost.Ghost.Host.ExitCodes.Cancelled"/> (130, the shell's 128 + SIGINT).</summary>
/// <remarks>Only batch work (a simulation, <c>learn</c>, an <c>alps-bench</c> matrix) uses this token. The daemon
/// (<c>--kernel ghost</c>) keeps its own host, for which SIGINT and SIGTERM mean a clean detach. A second SIGINT
/// is not intercepted, so it terminates the process the usual way if the first one is not honoured.</remarks>
public sealed class Cancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private PosixSignalRegistration? _registration;

    private Cancellation()
    {
    }

    /// <summary>Cancelled when SIGINT arrives.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Starts treating SIGINT as a cancellation request for the life of the returned object.</summary>
    public static Cancellation OnSigint()
    {
        var cancellation = new Cancellation();
        cancellation._registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (!cancellation._source.IsCancellationRequested)
            {
                context.Cancel = true; // keep the process alive: the command finishes and reports what it has
                cancellation._source.Cancel();
            }
        });
        return cancellation;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _registration?.Dispose();
        _source.Dispose();
    }
}
