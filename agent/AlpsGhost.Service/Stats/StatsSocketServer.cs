using System.Net.Sockets;
using System.Text;
using AlpsGhost.Service.Registration;

namespace AlpsGhost.Service.Stats;

/// <summary>A Unix socket that writes one text snapshot (Prometheus format) to each connection and closes it;
/// <c>alps-ghost-agent stats</c> reads it.</summary>
public sealed class StatsSocketServer : IAsyncDisposable
{
    private readonly string _path;
    private readonly Func<AgentStatsSnapshot> _snapshot;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task? _loop;

    /// <summary>Creates the server for <paramref name="path"/>; nothing is bound until <see cref="Start"/>.</summary>
    public StatsSocketServer(string path, Func<AgentStatsSnapshot> snapshot)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(snapshot);
        _path = path;
        _snapshot = snapshot;
    }

    /// <summary>Binds (replacing a stale socket, never another kind of file) and starts serving.</summary>
    public void Start()
    {
        _listener = UnixFileKind.BindListener(_path, "stats.socket_path", backlog: 16);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Stops serving and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        if (_listener is not null && UnixFileKind.IsSocket(_path))
        {
            File.Delete(_path);
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            // One write of a few KiB: served inline, so connections are naturally bounded to one at a time.
            using (client)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    await client.SendAsync(Encoding.UTF8.GetBytes(_snapshot().ToPrometheusText()), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    // The reader went away; serve the next one.
                }
            }
        }
    }

    /// <summary>Most bytes <see cref="ReadAsync"/> accepts (a snapshot is a few KiB).</summary>
    public const int MaxSnapshotBytes = 4 * 1024 * 1024;

    /// <summary>Connects to a stats socket and reads its snapshot (client side of <c>alps-ghost-agent stats</c>).</summary>
    /// <exception cref="SocketException">Nobody listens on <paramref name="path"/>.</exception>
    public static async Task<string> ReadAsync(string path, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!AlpsGhost.Config.UnixSocketPath.IsValid(path))
        {
            throw new ArgumentException($"stats socket '{path}': expected {AlpsGhost.Config.UnixSocketPath.Expected}", nameof(path));
        }
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel).ConfigureAwait(false);
        // A snapshot is a few KiB: a peer that sends more than MaxSnapshotBytes is not an agent (or is broken),
        // and must not make the reader buffer without end.
        byte[] buffer = new byte[64 * 1024];
        using var received = new MemoryStream();
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel).ConfigureAwait(false)) > 0)
        {
            if (received.Length + n > MaxSnapshotBytes)
            {
                throw new InvalidDataException($"{path}: the peer sent more than {MaxSnapshotBytes / (1024 * 1024)} MiB, far more than a stats snapshot: not an alps-ghost agent?");
            }
            received.Write(buffer, 0, n);
        }
        return Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
    }
}
