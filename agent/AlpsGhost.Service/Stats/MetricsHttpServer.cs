using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AlpsGhost.Service.Stats;

/// <summary>
/// A minimal HTTP/1.1 responder for Prometheus scrapes: <c>GET /metrics</c> gets the last snapshot, any other
/// path 404, any other method 405; one request per connection (<c>Connection: close</c>).
/// </summary>
/// <remarks>No ASP.NET: the agent host must stay small. Requests are bounded (<see cref="MaxRequestBytes"/>
/// for the head, 431 beyond; a client gets <see cref="RequestTimeout"/> to send it) and at most
/// <see cref="MaxConnections"/> are served at once, so a slow or hostile client cannot grow memory. When every
/// slot is taken, a new connection evicts the oldest one still waiting for its request head: idle connections
/// cannot delay a scrape (which sends its request at once) by holding the slots for the whole timeout.</remarks>
public sealed class MetricsHttpServer : IAsyncDisposable
{
    /// <summary>Largest request head read.</summary>
    public const int MaxRequestBytes = 8192;

    /// <summary>Concurrent connections served; more wait in the listen backlog.</summary>
    public const int MaxConnections = 16;

    /// <summary>Time a client gets to send its request head.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly Func<AgentStatsSnapshot> _snapshot;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly Action<string> _log;
    private readonly LinkedList<CancellationTokenSource> _awaitingHead = new();
    private readonly Lock _awaitingLock = new();
    private Task? _loop;

    /// <summary>Creates a responder on <paramref name="address"/>:<paramref name="port"/> (0 = any free port).</summary>
    public MetricsHttpServer(IPAddress address, int port, Func<AgentStatsSnapshot> snapshot, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(snapshot);
        _snapshot = snapshot;
        _listener = new TcpListener(address, port);
        _log = log ?? (_ => { });
    }

    /// <summary>The bound address (after <see cref="Start"/>).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Binds and starts answering.</summary>
    public void Start()
    {
        _listener.Start(MaxConnections * 4);
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Stops answering and waits for the accept loop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Socket client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                if (_slots.CurrentCount == 0)
                {
                    EvictOldestAwaitingHead();
                }
                await _slots.WaitAsync(_stop.Token).ConfigureAwait(false);
                _ = ServeAsync(client);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private void EvictOldestAwaitingHead()
    {
        lock (_awaitingLock)
        {
            if (_awaitingHead.First is LinkedListNode<CancellationTokenSource> oldest)
            {
                _awaitingHead.Remove(oldest);
                oldest.Value.Cancel();
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        LinkedListNode<CancellationTokenSource>? waiting = null;
        try
        {
            using (client)
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(RequestTimeout);
                lock (_awaitingLock)
                {
                    waiting = _awaitingHead.AddLast(timeout);
                }
                byte[] response = await RespondAsync(client, timeout.Token, () => Leave(ref waiting)).ConfigureAwait(false);
                await client.SendAsync(response, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Slow, vanished or hostile client: drop the connection; the server keeps serving.
        }
        catch (Exception e)
        {
            _log("metrics: request failed: " + e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            Leave(ref waiting);
            _slots.Release();
        }
    }

    private void Leave(ref LinkedListNode<CancellationTokenSource>? node)
    {
        lock (_awaitingLock)
        {
            if (node?.List is not null)
            {
                _awaitingHead.Remove(node);
            }
            node = null;
        }
    }

    private async Task<byte[]> RespondAsync(Socket client, CancellationToken cancel, Action headReceived)
    {
        byte[] buffer = new byte[MaxRequestBytes];
        int length = 0;
        int headEnd;
        while ((headEnd = HeadEnd(buffer.AsSpan(0, length))) < 0)
        {
            if (length == buffer.Length)
            {
                return Response(431, "Request Header Fields Too Large", "request head over " + MaxRequestBytes + " bytes\n");
            }
            int n = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancel).ConfigureAwait(false);
            if (n == 0)
            {
                return Response(400, "Bad Request", "incomplete request\n");
            }
            length += n;
        }
        headReceived(); // from here on the connection is being answered: no longer evictable
        string head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        int lineEnd = head.IndexOf("\r\n", StringComparison.Ordinal);
        string[] requestLine = (lineEnd < 0 ? head : head[..lineEnd]).Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return Response(400, "Bad Request", "expected 'METHOD /path HTTP/1.x'\n");
        }
        if (requestLine[0] != "GET")
        {
            return Response(405, "Method Not Allowed", "only GET is supported\n", "Allow: GET\r\n");
        }
        string path = requestLine[1];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        if ((query < 0 ? path : path[..query]) != "/metrics")
        {
            return Response(404, "Not Found", "only /metrics is served\n");
        }
        return Response(200, "OK", _snapshot().ToPrometheusText(), contentType: AgentStatsSnapshot.PrometheusContentType);
    }

    private static int HeadEnd(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);

    private static byte[] Response(int status, string reason, string body, string extraHeaders = "", string contentType = "text/plain; charset=utf-8")
    {
        byte[] bodyBytes = Encoding.UTF8.GetBytes(body);
        string head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {bodyBytes.Length}\r\nConnection: close\r\n{extraHeaders}\r\n";
        byte[] headBytes = Encoding.ASCII.GetBytes(head);
        byte[] all = new byte[headBytes.Length + bodyBytes.Length];
        headBytes.CopyTo(all, 0);
        bodyBytes.CopyTo(all, headBytes.Length);
        return all;
    }
}
