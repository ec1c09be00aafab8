using System.Text;

namespace AlpsGhost.Config;

/// <summary>The one rule for a Unix socket path, whether it comes from a config file or a flag.</summary>
public static class UnixSocketPath
{
    /// <summary>Longest path a Unix socket address can hold (sun_path is 108 bytes including the NUL).</summary>
    public const int MaxBytes = 107;

    /// <summary>What a valid path looks like, for error messages.</summary>
    public const string Expected = "an absolute path of at most 107 bytes (the Unix socket address limit)";

    /// <summary>Whether <paramref name="text"/> is an absolute path that fits a socket address.</summary>
    public static bool IsValid(string? text) =>
        text is not null && text.StartsWith('/') && text.Length > 1 && Encoding.UTF8.GetByteCount(text) <= MaxBytes
        && text.IndexOf('\0', StringComparison.Ordinal) < 0;
}
