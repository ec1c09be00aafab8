using System.Buffers.Binary;
using AlpsGhost.Linux.Native;

namespace AlpsGhost.Linux.ProcEvents;

/// <summary>A subscription to the kernel's netlink process-events connector (needs CAP_NET_ADMIN).</summary>
/// <remarks>Receives without blocking; the caller waits with <see cref="WaitReadable"/>. A receive that returns
/// -ENOBUFS means the kernel dropped events: the caller must resynchronise from /proc.</remarks>
public sealed class ProcConnector : IDisposable
{
    private const int AfNetlink = 16, SockDgram = 2, NetlinkConnector = 11, SolSocket = 1, SoRcvbufForce = 33, SoRcvbuf = 8;
    private const uint ProcCnMcastListen = 1;
    private int _fd;

    private ProcConnector(int fd) => _fd = fd;

    /// <summary>Errno the kernel returns when it dropped messages for this socket.</summary>
    public const int ENOBUFS = 105;

    /// <summary>Opens the socket, binds it to the process-events group and asks for events.</summary>
    /// <param name="receiveBufferBytes">Socket receive buffer (larger = fewer drops under bursts of forks).</param>
    /// <exception cref="LinuxBackendException">The kernel refused (no CAP_NET_ADMIN, no CONFIG_PROC_EVENTS).</exception>
    public static ProcConnector Open(int receiveBufferBytes = 4 << 20)
    {
        int fd = LinuxNative.OpenSocket(AfNetlink, SockDgram, NetlinkConnector);
        if (fd < 0)
        {
            throw new LinuxBackendException($"cannot open the netlink process-events connector (socket(AF_NETLINK, NETLINK_CONNECTOR) failed, errno {-fd}): the kernel needs CONFIG_CONNECTOR and CONFIG_PROC_EVENTS", -fd);
        }
        var connector = new ProcConnector(fd);
        try
        {
            // Larger buffer first with the privileged option, else the capped one; a failure here only costs drops.
            if (LinuxNative.SetSocketOption(fd, SolSocket, SoRcvbufForce, receiveBufferBytes) < 0)
            {
                _ = LinuxNative.SetSocketOption(fd, SolSocket, SoRcvbuf, receiveBufferBytes);
            }
            Span<byte> address = stackalloc byte[12]; // sockaddr_nl {u16 family, u16 pad, u32 pid, u32 groups}
            address.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(address, AfNetlink);
            BinaryPrimitives.WriteUInt32LittleEndian(address[8..], ProcEventDecoder.ProcIndex);
            int r = LinuxNative.BindSocket(fd, address);
            if (r < 0)
            {
                throw new LinuxBackendException($"cannot subscribe to process events (bind to CN_IDX_PROC failed, errno {-r}): run as root or with CAP_NET_ADMIN", -r);
            }
            Span<byte> listen = stackalloc byte[ProcEventDecoder.NetlinkHeaderSize + ProcEventDecoder.ConnectorHeaderSize + 4];
            WriteListen(listen, Environment.ProcessId);
            r = LinuxNative.SendBytes(fd, listen);
            if (r < 0)
            {
                throw new LinuxBackendException($"cannot subscribe to process events (PROC_CN_MCAST_LISTEN failed, errno {-r}): run as root or with CAP_NET_ADMIN", -r);
            }
            return connector;
        }
        catch
        {
            connector.Dispose();
            throw;
        }
    }

    /// <summary>The PROC_CN_MCAST_LISTEN request (also used by the decoder tests).</summary>
    internal static void WriteListen(Span<byte> message, int portId)
    {
        message.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message[4..], 3); // NLMSG_DONE
        BinaryPrimitives.WriteUInt32LittleEndian(message[12..], (uint)portId);
        Span<byte> cn = message[ProcEventDecoder.NetlinkHeaderSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(cn, ProcEventDecoder.ProcIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(cn[4..], ProcEventDecoder.ProcValue);
        BinaryPrimitives.WriteUInt16LittleEndian(cn[16..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(cn[ProcEventDecoder.ConnectorHeaderSize..], ProcCnMcastListen);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for a datagram; false on timeout.</summary>
    public bool WaitReadable(int timeoutMs) => LinuxNative.PollReadable(_fd, timeoutMs) > 0;

    /// <summary>One datagram: its length, -EAGAIN when none is waiting, -<see cref="ENOBUFS"/> after drops.</summary>
    public int Receive(Span<byte> buffer) => LinuxNative.ReceiveNonBlocking(_fd, buffer);

    /// <inheritdoc/>
    public void Dispose()
    {
        LinuxNative.CloseFd(_fd);
        _fd = -1;
    }
}
