using System.Globalization;

namespace AlpsGhost.Ghost.Host;

/// <summary>Reads effective capabilities from <c>/proc/self/status</c> (<c>CapEff:</c>, 64-bit hex).</summary>
public static class Capabilities
{
    /// <summary>Bit number of CAP_SYS_NICE.</summary>
    public const int CapSysNice = 23;

    /// <summary>Parses the <c>CapEff</c> line of a status file's text.</summary>
    /// <exception cref="GhostfsFormatException">No CapEff line, or not hex.</exception>
    public static ulong ParseEffective(string statusText, string source = "/proc/self/status")
    {
        ArgumentNullException.ThrowIfNull(statusText);
        foreach (string raw in statusText.Split('\n'))
        {
            if (!raw.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                continue;
            }
            string hex = raw["CapEff:".Length..].Trim();
            if (hex.Length is 0 or > 16 || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong caps))
            {
                throw new GhostfsFormatException(source, raw, "CapEff: followed by up to 16 hex digits");
            }
            return caps;
        }
        throw new GhostfsFormatException(source, "(no CapEff line)", "a CapEff: line");
    }

    /// <summary>Whether the effective set of <paramref name="statusPath"/> contains CAP_SYS_NICE.</summary>
    public static bool HasSysNice(string statusPath = "/proc/self/status") =>
        (ParseEffective(File.ReadAllText(statusPath), statusPath) & (1UL << CapSysNice)) != 0;
}
