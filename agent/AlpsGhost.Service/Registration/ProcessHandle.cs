using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AlpsGhost.Service.Registration;

/// <summary>A pidfd: a reference to one process that, unlike its pid number, can never come to mean another
/// process. Registration rights and table entries hold one, so they end when their process exits and do not
/// pass to a process that later gets the same pid.</summary>
/// <remarks>Invariant: <see cref="HasExited"/> turns true once the process has exited (pidfds become readable
/// then, pidfd_open(2)) and stays true; a handle never refers to any other process.</remarks>
public sealed class ProcessHandle : IDisposable
{
    private const long SysPidfdOpen = 434; // the same number on every architecture (unified syscall table)
    private const int SolSocket = 1;
    private const int SoPeerPidfd = 77;    // Linux 6.5
    private const short PollIn = 0x1;
    private const int Esrch = 3;

    private readonly SafeFileHandle _fd;

    private ProcessHandle(SafeFileHandle fd, int pid)
    {
        _fd = fd;
        Pid = pid;
    }

    /// <summary>The process id the handle was opened for (for messages; identity is the handle).</summary>
    public int Pid { get; }

    /// <summary>Whether the process has exited (then its pid may already belong to another process).</summary>
    public unsafe bool HasExited
    {
        get
        {
            bool added = false;
            try
            {
                // The reference keeps the fd number from being closed and reused while it is polled.
                _fd.DangerousAddRef(ref added);
                var p = new PollFd { Fd = (int)_fd.DangerousGetHandle(), Events = PollIn };
                int rc = Poll(&p, 1, 0);
                return rc > 0 && p.Revents != 0;
            }
            catch (ObjectDisposedException)
            {
                return true;
            }
            finally
            {
                if (added)
                {
                    _fd.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Opens a handle on the running process <paramref name="pid"/>; null with the reason when there is
    /// none (ESRCH: no such process) or pidfds are unavailable.</summary>
    public static ProcessHandle? Open(int pid, out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pid, 1);
        long fd = SysCall(SysPidfdOpen, pid, 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            error = errno == Esrch ? $"no process with pid {pid}" : $"pidfd_open({pid}) failed: errno {errno}";
            return null;
        }
        error = null;
        return new ProcessHandle(new SafeFileHandle((IntPtr)fd, ownsHandle: true), pid);
    }

    /// <summary>A handle on the process that connected <paramref name="socket"/>: SO_PEERPIDFD (the kernel's own
    /// reference, taken at connect, race-free); before Linux 6.5, pidfd_open of the SO_PEERCRED pid. Null when the
    /// peer process has already exited.</summary>
    public static unsafe ProcessHandle? OfPeer(Socket socket, int peerPid)
    {
        ArgumentNullException.ThrowIfNull(socket);
        int fd;
        uint length = sizeof(int);
        if (PeerCredentials.GetSockOpt((int)socket.SafeHandle.DangerousGetHandle(), SolSocket, SoPeerPidfd, &fd, &length) == 0)
        {
            return new ProcessHandle(new SafeFileHandle(fd, ownsHandle: true), peerPid);
        }
        return Marshal.GetLastPInvokeError() == Esrch || peerPid < 1 ? null : Open(peerPid, out _);
    }

    /// <summary>Closes the pidfd.</summary>
    public void Dispose() => _fd.Dispose();

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long SysCall(long number, long a, long b);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern unsafe int Poll(PollFd* fds, ulong count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
