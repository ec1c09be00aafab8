using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AlpsGhost.Service.Registration;

/// <summary>The kernel-verified identity of a Unix socket peer (<c>SO_PEERCRED</c>, struct ucred).</summary>
/// <param name="Pid">Peer process id at connect time.</param>
/// <param name="Uid">Peer effective uid.</param>
/// <param name="Gid">Peer effective (primary) gid.</param>
public readonly record struct PeerCredentials(int Pid, int Uid, int Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>Reads the credentials of the peer of a connected Unix domain <paramref name="socket"/>.</summary>
    /// <exception cref="SocketException">getsockopt failed (errno in the exception).</exception>
    public static unsafe PeerCredentials Of(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        // The kernel fills the ucred atomically at connect(); the client cannot forge it (unix(7)).
        Ucred cred;
        uint length = (uint)sizeof(Ucred);
        int rc = GetSockOpt((int)socket.SafeHandle.DangerousGetHandle(), SolSocket, SoPeerCred, &cred, &length);
        if (rc != 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
        return new PeerCredentials(cred.Pid, (int)cred.Uid, (int)cred.Gid);
    }

    /// <summary>getsockopt(2), also used by <see cref="ProcessHandle.OfPeer"/> (SO_PEERPIDFD).</summary>
    [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    internal static extern unsafe int GetSockOpt(int fd, int level, int option, void* value, uint* length);

    [StructLayout(LayoutKind.Sequential)]
    private struct Ucred
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }
}
