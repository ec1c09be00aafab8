namespace AlpsGhost.Ghost.Host;

/// <summary>
/// A ghostfs (or /proc, cgroup) text file did not have the format the kernel documents. Every
/// parser in <see cref="GhostfsText"/>, <see cref="EnclaveStatus"/> and <see cref="EnclaveDiscovery"/> throws
/// only this type for bad content; the message names the file, the offending value and what was expected.
/// </summary>
public sealed class GhostfsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or description of the text) that was parsed.</param>
    /// <param name="value">The offending text (shortened for the message).</param>
    /// <param name="expected">What the format requires.</param>
    public GhostfsFormatException(string source, string value, string expected)
        : base($"{source}: unexpected '{Shorten(value)}', expected {expected}")
    {
        FilePath = source;
        Value = value;
        Expected = expected;
    }

    /// <summary>The file that was parsed.</summary>
    public string FilePath { get; }

    /// <summary>The offending text.</summary>
    public string Value { get; }

    /// <summary>What the format requires.</summary>
    public string Expected { get; }

    private static string Shorten(string value)
    {
        string v = value.Replace("\n", "\\n", StringComparison.Ordinal);
        return v.Length <= 80 ? v : v[..77] + "...";
    }
}
