using System.Runtime.InteropServices;
using System.Text;

namespace AlpsGhost.Ghost;

/// <summary>Reads an input file (workload, trace, config, learning window) whole, but only a regular file and only
/// up to a size limit, so <c>/dev/zero</c>, a FIFO or a huge file is a clear error instead of a hang or an
/// out-of-memory crash.</summary>
/// <remarks>Invariant: never reads more than <c>maxBytes + 1</c> bytes and never opens a non-regular file (the
/// type is checked with statx before opening, so opening a FIFO cannot block).</remarks>
public static partial class BoundedFile
{
    /// <summary>Limit of JSON and CSV input files (workload, config, window): 64 MiB, far above any real one.</summary>
    public const long MaxInputBytes = 64L << 20;

    /// <summary>Limit of one trace CSV (an Azure 2019 day of invocation counts is about 150 MB).</summary>
    public const long MaxTraceBytes = 256L << 20;

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28; // struct statx is the same on every architecture
    private const ushort SIfMt = 0xF000;
    private const ushort SIfReg = 0x8000;

    /// <summary>The UTF-8 text of the regular file <paramref name="path"/>, at most <paramref name="maxBytes"/> long.</summary>
    /// <exception cref="IOException">Missing, not a regular file, or larger than the limit (the message names the
    /// path, what it is and what was expected).</exception>
    /// <exception cref="UnauthorizedAccessException">Not readable.</exception>
    public static string ReadAllText(string path, long maxBytes = MaxInputBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        RequireRegular(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > maxBytes)
            {
                throw new IOException($"{path} is larger than {Describe(maxBytes)}, the limit of an input file");
            }
        }
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(StripBom(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>The lines of <see cref="ReadAllText"/> (split at \n, \r\n or \r, like File.ReadAllLines).</summary>
    public static string[] ReadAllLines(string path, long maxBytes = MaxInputBytes)
    {
        var lines = new List<string>();
        using var reader = new StringReader(ReadAllText(path, maxBytes));
        while (reader.ReadLine() is string line)
        {
            lines.Add(line);
        }
        return [.. lines];
    }

    private static unsafe void RequireRegular(string path)
    {
        byte* statx = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, statx) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == 2)
            {
                throw new FileNotFoundException($"{path}: no such file", path);
            }
            if (errno == 13)
            {
                throw new UnauthorizedAccessException($"{path}: permission denied");
            }
            return; // statx unavailable (ENOSYS): the size limit below still bounds the read
        }
        ushort mode = *(ushort*)(statx + StatxModeOffset);
        if ((mode & SIfMt) != SIfReg)
        {
            throw new IOException($"{path} is a {KindOf(mode)}, not a regular file");
        }
    }

    private static string KindOf(ushort mode) => (mode & SIfMt) switch
    {
        0x4000 => "directory",
        0x2000 => "character device",
        0x6000 => "block device",
        0x1000 => "FIFO",
        0xC000 => "socket",
        _ => "special file",
    };

    private static ReadOnlySpan<byte> StripBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;

    private static string Describe(long bytes) => bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
