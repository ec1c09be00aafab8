using System.Globalization;
using System.Text;

namespace AlpsGhost.Ghost.Host;

/// <summary>
/// Parsers and formatters for the small text files of ghostfs: <c>version</c>, <c>cpulist</c>,
/// <c>cpumask</c>. Pure functions over strings; bad input throws <see cref="GhostfsFormatException"/>.
/// </summary>
/// <remarks>Bounds (<see cref="MaxCpus"/>) keep a hostile or corrupt file from asking for huge arrays.</remarks>
public static class GhostfsText
{
    /// <summary>Largest CPU count accepted (Linux's NR_CPUS upper bound).</summary>
    public const int MaxCpus = 8192;

    /// <summary>
    /// Parses <c>/sys/fs/ghost/version</c>: one decimal ABI per line (e.g. <c>"75\n74\n"</c>). Blank
    /// lines are ignored; at least one version is required.
    /// </summary>
    public static int[] ParseVersions(string text, string source = "version")
    {
        ArgumentNullException.ThrowIfNull(text);
        var versions = new List<int>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (!IsDigits(line) || !int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int v))
            {
                throw new GhostfsFormatException(source, line, "one decimal ABI version per line");
            }
            versions.Add(v);
        }
        if (versions.Count == 0)
        {
            throw new GhostfsFormatException(source, text, "at least one ABI version");
        }
        return [.. versions];
    }

    /// <summary>Parses a CPU list such as <c>"0-3,5"</c> (ascending, de-duplicated). Empty text is the empty set.</summary>
    public static int[] ParseCpuList(string text, string source = "cpulist")
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        var cpus = new SortedSet<int>();
        if (t.Length == 0)
        {
            return [];
        }
        foreach (string part in t.Split(','))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            int lo, hi;
            if (dash < 0)
            {
                lo = hi = ParseCpu(part, source);
            }
            else
            {
                lo = ParseCpu(part[..dash], source);
                hi = ParseCpu(part[(dash + 1)..], source);
                if (hi < lo)
                {
                    throw new GhostfsFormatException(source, part, "a range low-high with low <= high");
                }
            }
            for (int c = lo; c <= hi; c++)
            {
                cpus.Add(c);
            }
        }
        return [.. cpus];
    }

    /// <summary>Formats ascending CPUs as the kernel prints a list: <c>"0-3,5"</c>.</summary>
    public static string FormatCpuList(ReadOnlySpan<int> cpus)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < cpus.Length)
        {
            int start = cpus[i];
            int end = start;
            while (i + 1 < cpus.Length && cpus[i + 1] == end + 1)
            {
                end = cpus[++i];
            }
            if (sb.Length > 0)
            {
                sb.Append(',');
            }
            sb.Append(start.ToString(CultureInfo.InvariantCulture));
            if (end != start)
            {
                sb.Append('-').Append(end.ToString(CultureInfo.InvariantCulture));
            }
            i++;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Parses a hex CPU mask as the kernel prints it: 32-bit groups of 8 hex digits separated by
    /// commas, most significant group first (e.g. <c>"00000000,0000002f"</c>); a single unseparated
    /// hex number is accepted too. Returns the set CPUs, ascending.
    /// </summary>
    public static int[] ParseCpuMask(string text, string source = "cpumask")
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            t = t[2..];
        }
        if (t.Length == 0)
        {
            throw new GhostfsFormatException(source, text, "a hex CPU mask");
        }
        string[] groups = t.Split(',');
        if (groups.Length > 1)
        {
            foreach (string g in groups)
            {
                if (g.Length is 0 or > 8)
                {
                    throw new GhostfsFormatException(source, g, "comma-separated groups of at most 8 hex digits");
                }
            }
        }
        string hex = groups.Length > 1 ? string.Concat(Array.ConvertAll(groups, g => g.PadLeft(8, '0'))) : t;
        if (hex.Length * 4 > MaxCpus + 32)
        {
            throw new GhostfsFormatException(source, text, $"a mask of at most {MaxCpus} CPUs");
        }
        var cpus = new List<int>();
        for (int i = 0; i < hex.Length; i++)
        {
            int nibble = HexValue(hex[hex.Length - 1 - i]);
            if (nibble < 0)
            {
                throw new GhostfsFormatException(source, text, "hex digits 0-9, a-f");
            }
            for (int b = 0; b < 4; b++)
            {
                if ((nibble & (1 << b)) != 0)
                {
                    int cpu = i * 4 + b;
                    if (cpu >= MaxCpus)
                    {
                        throw new GhostfsFormatException(source, text, $"CPUs below {MaxCpus}");
                    }
                    cpus.Add(cpu);
                }
            }
        }
        return [.. cpus];
    }

    /// <summary>Formats CPUs as the kernel prints a mask: comma-separated 32-bit groups, most significant first.</summary>
    public static string FormatCpuMask(ReadOnlySpan<int> cpus)
    {
        int max = 0;
        foreach (int c in cpus)
        {
            if ((uint)c >= MaxCpus)
            {
                throw new ArgumentOutOfRangeException(nameof(cpus), c, $"CPU outside 0..{MaxCpus - 1}");
            }
            max = Math.Max(max, c);
        }
        int groups = max / 32 + 1;
        var words = new uint[groups];
        foreach (int c in cpus)
        {
            words[c / 32] |= 1u << (c % 32);
        }
        var sb = new StringBuilder(groups * 9);
        for (int g = groups - 1; g >= 0; g--)
        {
            sb.Append(words[g].ToString("x8", CultureInfo.InvariantCulture));
            if (g > 0)
            {
                sb.Append(',');
            }
        }
        return sb.ToString();
    }

    /// <summary>Parses one unsigned decimal (e.g. <c>abi_version</c>, an enclave id).</summary>
    public static long ParseUnsigned(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (!IsDigits(t) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
        {
            throw new GhostfsFormatException(source, text, "an unsigned decimal number");
        }
        return v;
    }

    private static int ParseCpu(string text, string source)
    {
        string t = text.Trim();
        if (!IsDigits(t) || !int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) || cpu >= MaxCpus)
        {
            throw new GhostfsFormatException(source, text, $"a CPU number 0..{MaxCpus - 1}");
        }
        return cpu;
    }

    private static bool IsDigits(string s)
    {
        if (s.Length == 0 || s.Length > 18)
        {
            return false;
        }
        foreach (char ch in s)
        {
            if (ch is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static int HexValue(char ch) => ch switch
    {
        >= '0' and <= '9' => ch - '0',
        >= 'a' and <= 'f' => ch - 'a' + 10,
        >= 'A' and <= 'F' => ch - 'A' + 10,
        _ => -1,
    };
}
