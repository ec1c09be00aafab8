using System.Text;

namespace AlpsGhost.Config;

/// <summary>The enclave's CPUs: every CPU of the machine, or an explicit list.</summary>
/// <remarks>Invariant: when <see cref="All"/> is false, <see cref="Cpus"/> is non-empty, strictly ascending and
/// every entry is in [0, <see cref="MaxCpu"/>].</remarks>
public sealed record CpuSelection
{
    /// <summary>Highest CPU number accepted (Linux CONFIG_NR_CPUS is at most 8192).</summary>
    public const int MaxCpu = 8191;

    /// <summary>Every CPU of the machine (resolved by the agent at start-up).</summary>
    public static CpuSelection AllCpus { get; } = new(true, EquatableArray<int>.Empty);

    private CpuSelection(bool all, EquatableArray<int> cpus)
    {
        All = all;
        Cpus = cpus;
    }

    /// <summary>True for "all".</summary>
    public bool All { get; }

    /// <summary>The explicit CPUs, ascending; empty when <see cref="All"/>.</summary>
    public EquatableArray<int> Cpus { get; }

    /// <summary>The expectation text used in error messages.</summary>
    public const string Expected = "\"all\" or a CPU list like \"0-3,5\" (ascending, non-overlapping ranges a-b with a <= b, CPUs 0-8191)";

    /// <summary>Parses "all" or a kernel-style cpulist ("0-3,5"); null when the text is not valid.</summary>
    public static CpuSelection? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (text == "all")
        {
            return AllCpus;
        }
        if (text.Length == 0)
        {
            return null;
        }
        var cpus = new List<int>();
        int previous = -1;
        foreach (var part in text.Split(','))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            string firstText = dash < 0 ? part : part[..dash];
            string lastText = dash < 0 ? part : part[(dash + 1)..];
            if (!TryParseCpu(firstText, out int first) || !TryParseCpu(lastText, out int last) || last < first || first <= previous)
            {
                return null;
            }
            for (int cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
            previous = last;
        }
        return new CpuSelection(false, new EquatableArray<int>(cpus));
    }

    /// <summary>Whether <paramref name="cpu"/> is in the selection (always true for "all").</summary>
    public bool Contains(int cpu) => All ? cpu is >= 0 and <= MaxCpu : Cpus.AsSpan().BinarySearch(cpu) >= 0;

    /// <summary>The canonical text: "all" or a compact cpulist.</summary>
    public override string ToString()
    {
        if (All)
        {
            return "all";
        }
        var text = new StringBuilder();
        var cpus = Cpus.AsSpan();
        for (int i = 0; i < cpus.Length;)
        {
            int j = i;
            while (j + 1 < cpus.Length && cpus[j + 1] == cpus[j] + 1)
            {
                j++;
            }
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(cpus[i]);
            if (j > i)
            {
                text.Append('-').Append(cpus[j]);
            }
            i = j + 1;
        }
        return text.ToString();
    }

    private static bool TryParseCpu(string text, out int cpu)
    {
        cpu = 0;
        // Digits only: no sign, no blanks, no leading '+' (the kernel's cpulist parser rejects them too).
        if (text.Length is 0 or > 4)
        {
            return false;
        }
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            cpu = (cpu * 10) + (c - '0');
        }
        return cpu <= MaxCpu;
    }
}
