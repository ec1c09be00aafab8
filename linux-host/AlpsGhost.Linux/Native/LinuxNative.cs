using System.Runtime.InteropServices;

namespace AlpsGhost.Linux.Native;

/// <summary>
/// The raw Linux calls of the stock-Linux backend: <c>sched_setattr</c>/<c>sched_getattr</c> (through
/// <c>syscall</c>, glibc has no wrapper before 2.41), netlink sockets, <c>poll</c>, and file descriptors read with
/// <c>pread</c> (so a task's schedstat is re-read without reopening it). Every call is counted in
/// <see cref="Syscalls"/> (the agent publishes its syscall rate).
/// </summary>
/// <remarks>Each method returns the kernel's result, or -errno; nothing throws and nothing allocates.</remarks>
public static unsafe partial class LinuxNative
{
    private const long SysSchedSetattr = 314, SysSchedGetattr = 315; // x86_64
    private static long _syscalls;

    /// <summary>System calls made through this class by this process.</summary>
    public static long Syscalls => Volatile.Read(ref _syscalls);

    /// <summary>Whether the syscall numbers here are valid (x86_64 Linux).</summary>
    public static bool Supported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary><c>sched_setattr(tid, attr, 0)</c>; 0 or -errno.</summary>
    public static int SchedSetAttr(int tid, in SchedAttr attr)
    {
        SchedAttr copy = attr;
        copy.Size = SchedAttr.Size56;
        return Result(Syscall4(SysSchedSetattr, tid, &copy, 0, 0));
    }

    /// <summary><c>sched_getattr(tid, attr, 56, 0)</c>; 0 or -errno.</summary>
    public static int SchedGetAttr(int tid, out SchedAttr attr)
    {
        SchedAttr result = default;
        int r = Result(Syscall4(SysSchedGetattr, tid, &result, SchedAttr.Size56, 0));
        attr = result;
        return r;
    }

    /// <summary>Opens <paramref name="nulTerminatedPath"/> read-only, close-on-exec; fd or -errno.</summary>
    public static int OpenRead(ReadOnlySpan<byte> nulTerminatedPath)
    {
        fixed (byte* p = nulTerminatedPath)
        {
            return Result(Open(p, 0x80000 /* O_RDONLY | O_CLOEXEC */, 0));
        }
    }

    /// <summary><c>pread(fd, buffer, 0)</c>: bytes read or -errno.</summary>
    public static int ReadAtStart(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return (int)Result(PRead(fd, p, (nuint)buffer.Length, 0));
        }
    }

    /// <summary><c>close(fd)</c>.</summary>
    public static void CloseFd(int fd)
    {
        if (fd >= 0)
        {
            Count();
            _ = Close(fd);
        }
    }

    /// <summary>Reads the whole small file <paramref name="nulTerminatedPath"/> into <paramref name="buffer"/>
    /// (open, one read, close); bytes read or -errno.</summary>
    public static int ReadSmallFile(ReadOnlySpan<byte> nulTerminatedPath, Span<byte> buffer)
    {
        int fd = OpenRead(nulTerminatedPath);
        if (fd < 0)
        {
            return fd;
        }
        int n = ReadAtStart(fd, buffer);
        CloseFd(fd);
        return n;
    }

    /// <summary><c>socket(domain, type | SOCK_CLOEXEC, protocol)</c>: fd or -errno.</summary>
    public static int OpenSocket(int domain, int type, int protocol) => Result(Socket(domain, type | 0x80000, protocol));

    /// <summary><c>bind</c>; 0 or -errno.</summary>
    public static int BindSocket(int fd, ReadOnlySpan<byte> address)
    {
        fixed (byte* p = address)
        {
            return Result(Bind(fd, p, (uint)address.Length));
        }
    }

    /// <summary><c>setsockopt(fd, level, name, &amp;value, 4)</c>; 0 or -errno.</summary>
    public static int SetSocketOption(int fd, int level, int name, int value) => Result(SetSockOpt(fd, level, name, &value, sizeof(int)));

    /// <summary><c>send(fd, data, 0)</c>; bytes or -errno.</summary>
    public static int SendBytes(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return (int)Result(Send(fd, p, (nuint)data.Length, 0));
        }
    }

    /// <summary><c>recv(fd, buffer, MSG_DONTWAIT)</c>; bytes or -errno (-EAGAIN when nothing is waiting).</summary>
    public static int ReceiveNonBlocking(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return (int)Result(Recv(fd, p, (nuint)buffer.Length, 0x40 /* MSG_DONTWAIT */));
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for <paramref name="fd"/> to be readable: 1 readable, 0 timeout, -errno.</summary>
    public static int PollReadable(int fd, int timeoutMs)
    {
        PollFd p = new() { Fd = fd, Events = 1 /* POLLIN */ };
        int r = Result(Poll(&p, 1, timeoutMs));
        return r == -4 /* EINTR */ ? 0 : r;
    }

    /// <summary>The calling thread's id.</summary>
    public static int CurrentTid() => GetTid();

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    private static void Count() => Interlocked.Increment(ref _syscalls);

    private static int Result(long r)
    {
        Count();
        return r < 0 ? -Marshal.GetLastPInvokeError() : (int)r;
    }

    // glibc's syscall() is variadic; on x86_64 integer arguments travel in the same registers either way, and
    // the function (assembly in glibc) reads no vector registers.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall4(long number, long a1, void* a2, long a3, long a4);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, byte* data, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte* data, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
