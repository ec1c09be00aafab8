using System.Net.Sockets;
using System.Text;

namespace AlpsGhost.Service.Tests.Registration;

/// <summary>A test client of the registration socket: sends raw bytes, reads reply lines with a failure guard.</summary>
internal sealed class LineClient : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private LineClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static async Task<LineClient> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cts = new CancellationTokenSource(Guard);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token);
        return new LineClient(socket);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(Guard);
        await _stream.WriteAsync(bytes, cts.Token);
    }

    /// <summary>The next reply line, or null at end of stream (the server closed the connection).</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var cts = new CancellationTokenSource(Guard);
        try
        {
            return await _reader.ReadLineAsync(cts.Token);
        }
        catch (IOException)
        {
            // Connection reset after the server closed: the same as end of stream for these tests.
            return null;
        }
    }

    public async Task<string?> RequestAsync(string line)
    {
        await SendAsync(line + "\n");
        return await ReadLineAsync();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
        _socket.Dispose();
    }
}
