using System.Runtime.InteropServices;

namespace AlpsGhost.Service.Registration;

/// <summary>Whether a path is a Unix socket (.NET exposes no S_ISSOCK), via lstat(2).</summary>
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

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern unsafe int LStat(string path, byte* buffer);
}
