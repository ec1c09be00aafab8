using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using AlpsGhost.Config;

namespace AlpsGhost.Service.Registration;

/// <summary>
/// The registration socket: a Unix domain stream socket on which a FaaS launcher declares
/// <c>pid -> function</c>, one line per request (grammar in docs/service.md).
/// </summary>
/// <remarks>
/// <para>Every bound is enforced before work is done: a line is never buffered beyond
/// <see cref="RegistrationSocketConfig.MaxLineBytes"/> (the connection is closed), at most
/// <see cref="RegistrationSocketConfig.MaxClients"/> connections are served (extra ones get one ERR line and
/// are closed), and each connection gets at most <see cref="RegistrationSocketConfig.MaxLinesPerS"/> lines per
/// second (excess lines get <c>ERR rate limit</c>). A malformed line gets an ERR reply and the connection stays.</para>
/// <para>No client can hold the socket: one untrusted uid gets at most <see cref="PerUidShare"/> of the connections, and a
/// connection that sends nothing for the idle timeout gets <c>ERR idle timeout</c> and is closed.</para>
/// <para>Every line gets exactly one reply, in order, and the replies to the lines of one read are written before
/// anything can close the connection: a line the server applied is always acknowledged, even when a later line
/// is bad (an unexpected failure on one line is that line's ERR).</para>
/// <para>Trust comes from SO_PEERCRED, read once per connection (the kernel records it at connect). The right of an
/// untrusted peer to (un)register its own pid is tied to its process (a pidfd, SO_PEERPIDFD): it ends when that
/// process exits, so it never passes to a later process with the same pid. Every registration holds a pidfd of
/// its process and ends with it (<see cref="RegistrationTable"/>).</para>
/// </remarks>
public sealed class RegistrationServer : IAsyncDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly RegistrationSocketConfig _config;
    private readonly RegistrationTable _table;
    private readonly RegistrationTrustPolicy _trust;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<Socket, Task> _clients = new();
    private readonly ConcurrentDictionary<int, int> _perUid = new();
    private readonly TimeSpan _idleTimeout;
    private Task? _sweepLoop;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _active;

    /// <summary>Creates a server; nothing is bound until <see cref="Start"/>.</summary>
    /// <param name="config">Socket path, mode and bounds.</param>
    /// <param name="table">Where registrations go.</param>
    /// <param name="trust">Who is trusted (default: the config's lists, root trusted).</param>
    /// <param name="log">Single-line log messages (rejections, errors).</param>
    /// <param name="time">Clock of the rate limit (tests inject a fixed one).</param>
    /// <param name="idleTimeout">How long a connection may stay silent (default <see cref="DefaultIdleTimeout"/>).</param>
    public RegistrationServer(RegistrationSocketConfig config, RegistrationTable table, RegistrationTrustPolicy? trust = null,
        Action<string>? log = null, TimeProvider? time = null, TimeSpan? idleTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout ?? DefaultIdleTimeout, TimeSpan.Zero, nameof(idleTimeout));
        _idleTimeout = idleTimeout ?? DefaultIdleTimeout;
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(table);
        _config = config;
        _table = table;
        _trust = trust ?? new RegistrationTrustPolicy(config);
        _time = time ?? TimeProvider.System;
        _log = log ?? (_ => { });
    }

    /// <summary>A connection silent this long is closed (a launcher that keeps one open sends a PING now and then).</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often registrations of exited processes are removed from the table.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    /// <summary>Connections one untrusted uid may hold at once: a quarter of <see cref="RegistrationSocketConfig.MaxClients"/>
    /// (at least 1), so one user cannot lock the others out (trusted peers, who may register any pid, are not limited).</summary>
    public int PerUidShare => Math.Max(1, _config.MaxClients / 4);

    /// <summary>Connections being served now.</summary>
    public int ActiveClients => Volatile.Read(ref _active);

    /// <summary>Connections refused because <see cref="RegistrationSocketConfig.MaxClients"/> were being served.</summary>
    public long RefusedClients => Interlocked.Read(ref _refused);

    private long _refused;

    /// <summary>Binds the socket (replacing a stale socket file), applies the configured mode and starts accepting.</summary>
    /// <exception cref="IOException">The path exists and is not a socket (never deleted), or its directory is missing.</exception>
    public void Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("registration server already started");
        }
        string path = _config.Path;
        string? directory = System.IO.Path.GetDirectoryName(path);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new IOException($"{path}: directory {directory} does not exist: create it (systemd: RuntimeDirectory=) or change identity.registration_socket.path");
        }
        _listener = UnixFileKind.BindListener(path, "identity.registration_socket.path",
            backlog: Math.Clamp(_config.MaxClients, 16, 512), mode: (UnixFileMode)_config.Mode); // room for the ones refused with a reply
        _acceptLoop = Task.Run(AcceptLoopAsync);
        _sweepLoop = Task.Run(SweepLoopAsync);
    }

    /// <summary>Stops accepting, closes every connection and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        foreach (Socket s in _clients.Keys)
        {
            s.Dispose();
        }
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        await Task.WhenAll(_clients.Values).ConfigureAwait(false);
        if (_sweepLoop is not null)
        {
            await _sweepLoop.ConfigureAwait(false);
        }
        if (_listener is not null && IsSocket(_config.Path))
        {
            File.Delete(_config.Path);
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
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
            PeerCredentials peer;
            try
            {
                peer = PeerCredentials.Of(client);
            }
            catch (SocketException)
            {
                client.Dispose(); // the peer is already gone
                continue;
            }
            if (Interlocked.Increment(ref _active) > _config.MaxClients)
            {
                Interlocked.Decrement(ref _active);
                Interlocked.Increment(ref _refused);
                _ = RefuseAsync(client, $"ERR too many clients (max {_config.MaxClients})");
                continue;
            }
            bool trusted = _trust.IsTrusted(peer);
            if (!trusted && _perUid.AddOrUpdate(peer.Uid, 1, (_, n) => n + 1) > PerUidShare)
            {
                _perUid.AddOrUpdate(peer.Uid, 0, (_, n) => n - 1);
                Interlocked.Decrement(ref _active);
                Interlocked.Increment(ref _refused);
                _ = RefuseAsync(client, $"ERR too many clients of uid {peer.Uid} (max {PerUidShare} per uid)");
                continue;
            }
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _clients[client] = tcs.Task;
            _ = ServeAsync(client, peer, trusted, tcs);
        }
    }

    private async Task SweepLoopAsync()
    {
        using var timer = new PeriodicTimer(SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                int removed = _table.Sweep();
                if (removed > 0)
                {
                    _log($"registration: removed {removed} registrations of exited processes");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Server stopping.
        }
    }

    private async Task RefuseAsync(Socket client, string reply)
    {
        using (client)
        {
            try
            {
                await client.SendAsync(Encoding.ASCII.GetBytes(reply + "\n"), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The refused client went away first: nothing to tell it.
            }
        }
    }

    private async Task ServeAsync(Socket client, PeerCredentials peer, bool trusted, TaskCompletionSource done)
    {
        ProcessHandle? peerProcess = null;
        bool released = false;
        try
        {
            peerProcess = ProcessHandle.OfPeer(client, peer.Pid);
            var connection = new Connection(peer, trusted, peerProcess);
            await using var stream = new NetworkStream(client, ownsSocket: true);
            PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: Math.Min(_config.MaxLineBytes + 1, 65536), leaveOpen: true));
            var limiter = new LineRateLimiter(_config.MaxLinesPerS, _time);
            await ServeLinesAsync(reader, stream, connection, limiter).ConfigureAwait(false);
            await reader.CompleteAsync().ConfigureAwait(false);
            ReleaseSlot(peer, trusted, ref released); // before the socket closes: a client that sees EOF finds the slot free
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A client that disconnects mid-line or a server shutting down is normal; never crash the server.
        }
        catch (Exception e)
        {
            _log("registration: connection failed: " + e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            ReleaseSlot(peer, trusted, ref released);
            peerProcess?.Dispose();
            client.Dispose();
            _clients.TryRemove(client, out _);
            done.SetResult();
        }
    }

    private void ReleaseSlot(PeerCredentials peer, bool trusted, ref bool released)
    {
        if (released)
        {
            return;
        }
        released = true;
        if (!trusted)
        {
            _perUid.AddOrUpdate(peer.Uid, 0, (_, n) => n - 1);
        }
        Interlocked.Decrement(ref _active);
    }

    private async Task ServeLinesAsync(PipeReader reader, NetworkStream stream, Connection connection, LineRateLimiter limiter)
    {
        int max = _config.MaxLineBytes;
        PeerCredentials peer = connection.Peer;
        while (true)
        {
            ReadResult result;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                idle.CancelAfter(_idleTimeout);
                try
                {
                    result = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"ERR idle timeout ({_idleTimeout.TotalSeconds:0.###} s without a line)\n"), _stop.Token).ConfigureAwait(false);
                    _log($"registration: closing idle connection of pid {peer.Pid} uid {peer.Uid}");
                    return;
                }
            }
            ReadOnlySequence<byte> buffer = result.Buffer;
            var replies = new StringBuilder();
            bool close = false;
            SequencePosition consumed = ProcessLines(buffer, max, connection, limiter, replies, ref close);
            if (!close && buffer.Slice(consumed).Length > max)
            {
                // No '\n' within max bytes: refuse before buffering more.
                replies.Append("ERR line too long (max ").Append(max).Append(" bytes)\n");
                close = true;
            }
            if (replies.Length > 0)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(replies.ToString()), _stop.Token).ConfigureAwait(false);
            }
            if (close)
            {
                _log($"registration: closing connection of pid {peer.Pid} uid {peer.Uid}: line over {max} bytes");
                return;
            }
            reader.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private SequencePosition ProcessLines(ReadOnlySequence<byte> buffer, int max, Connection connection,
        LineRateLimiter limiter, StringBuilder replies, ref bool close)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (line.Length > max)
            {
                replies.Append("ERR line too long (max ").Append(max).Append(" bytes)\n");
                close = true;
                return reader.Position;
            }
            if (!limiter.TryTake())
            {
                replies.Append("ERR rate limit (max ").Append(_config.MaxLinesPerS).Append(" lines/s)\n");
                continue;
            }
            replies.Append(HandleOrReject(line, connection)).Append('\n');
        }
        return reader.Position;
    }

    // One line's reply whatever happens while handling it: an exception must not drop the connection and with it
    // the replies to earlier lines of the same read that were already applied.
    private string HandleOrReject(ReadOnlySequence<byte> line, Connection connection)
    {
        try
        {
            return Handle(line, connection);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log($"registration: line from pid {connection.Peer.Pid} failed: {e.GetType().Name}: {e.Message}");
            return "ERR internal error handling this line (" + e.GetType().Name + ")";
        }
    }

    private string Handle(ReadOnlySequence<byte> line, Connection connection)
    {
        PeerCredentials peer = connection.Peer;
        bool trusted = connection.Trusted;
        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            return "ERR invalid UTF-8";
        }
        if (!RegistrationRequest.TryParse(text, out RegistrationRequest? request, out string? error))
        {
            return "ERR " + error;
        }
        switch (request!.Verb)
        {
            case RegistrationVerb.Ping:
                return "OK";
            case RegistrationVerb.Register:
                if (!RegistrationTrust.MayRegister(trusted, peer.Pid, request.Pid))
                {
                    _log($"registration: refused REGISTER {request.Pid} from untrusted pid {peer.Pid} uid {peer.Uid} gid {peer.Gid}");
                    return $"ERR not permitted: untrusted peer (pid {peer.Pid}, uid {peer.Uid}) may only register its own pid";
                }
                if (!trusted && !connection.PeerAlive)
                {
                    return PeerExited(peer);
                }
                ProcessHandle? process = ProcessHandle.Open(request.Pid, out string? noProcess);
                if (process is null)
                {
                    return $"ERR {noProcess}: a registration lives as long as its process";
                }
                if (!trusted && !connection.PeerAlive)
                {
                    // The peer exited between the check and pidfd_open: the handle may name a new process.
                    process.Dispose();
                    return PeerExited(peer);
                }
                return _table.Register(request.Pid, new RegistrationEntry(request.Function!, request.RankHint, trusted, peer.Pid), process)
                    ? "OK"
                    : $"ERR registration table full ({_table.Capacity} pids)";
            case RegistrationVerb.Unregister:
                if (!RegistrationTrust.MayRegister(trusted, peer.Pid, request.Pid))
                {
                    return $"ERR not permitted: untrusted peer (pid {peer.Pid}, uid {peer.Uid}) may only unregister its own pid";
                }
                if (!trusted && !connection.PeerAlive)
                {
                    return PeerExited(peer);
                }
                return _table.Unregister(request.Pid) ? "OK" : $"ERR pid {request.Pid} is not registered";
            default:
                return "ERR unsupported command";
        }
    }

    private static string PeerExited(PeerCredentials peer) =>
        $"ERR not permitted: the connecting process (pid {peer.Pid}) has exited; its right to its own pid ended with it";

    private static bool IsSocket(string path) => UnixFileKind.IsSocket(path);

    /// <summary>Who is at the other end of one connection.</summary>
    private sealed record Connection(PeerCredentials Peer, bool Trusted, ProcessHandle? PeerProcess)
    {
        /// <summary>Whether the process that connected still runs (no pidfd: it had exited by accept).</summary>
        public bool PeerAlive => PeerProcess is { HasExited: false };
    }
}
