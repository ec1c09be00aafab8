using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AlpsGhost.Service.Registration;

/// <summary>Unix socket files: whether a path is one (.NET exposes no S_ISSOCK; lstat(2)), replacing a stale one, binding a listener.</summary>
internal static class UnixFileKind
{
    private const uint SIfMt = 0xF000;
    private const uint SIfSock = 0xC000;

    /// <summary>True when <paramref name="path"/> exists and is a socket (not following a symlink).</summary>
    public static unsafe bool IsSocket(string path)
    {
        // st_mode's offset in struct stat differs per architecture (x86_64: after dev, ino, nlink; the
        // generic layout of arm64 and others: after dev, ino). An unknown layout answers "not a socket",
        // which makes the caller refuse to delete the path: the safe side.
        int offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (offset < 0)
        {
            return false;
        }
        byte* buffer = stackalloc byte[256];
        if (LStat(path, buffer) != 0)
        {
            return false;
        }
        uint mode = *(uint*)(buffer + offset);
        return (mode & SIfMt) == SIfSock;
    }

    /// <summary>Prepares <paramref name="path"/> for bind: removes a stale socket of a previous run; refuses a
    /// socket someone still listens on (another agent) and any other kind of file (never deleted).</summary>
    /// <param name="path">The socket path.</param>
    /// <param name="field">The config field naming the path, for the error.</param>
    public static void ReplaceStaleSocket(string path, string field)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return;
        }
        if (!IsSocket(path))
        {
            throw new IOException($"{path}: exists and is not a socket: expected a free path for {field}");
        }
        using (var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Nobody listens: the socket file is a leftover.
                File.Delete(path);
                return;
            }
        }
        throw new IOException($"{path}: another process is listening on it (is an agent already running?): {field}");
    }

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern unsafe int LStat(string path, byte* buffer);

    /// <summary>
    /// A listening Unix socket at <paramref name="path"/>: replaces a stale socket file (never another kind
    /// of file), binds, applies <paramref name="mode"/> if given, listens; the socket is disposed on failure.
    /// </summary>
    public static Socket BindListener(string path, string field, int backlog, UnixFileMode? mode = null)
    {
        ReplaceStaleSocket(path, field);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            if (mode is UnixFileMode m)
            {
                File.SetUnixFileMode(path, m);
            }
            listener.Listen(backlog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }
}
