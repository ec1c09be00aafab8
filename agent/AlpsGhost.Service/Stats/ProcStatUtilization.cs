using System.Globalization;

namespace AlpsGhost.Service.Stats;

/// <summary>
/// CPU utilization of the enclave's CPUs from <c>/proc/stat</c>, for the learner's overload tuning (U in A §2.3):
/// busy = total - idle - iowait, summed over the enclave's CPUs, between two calls of <see cref="Sample"/>.
/// </summary>
/// <remarks>The learner calls <see cref="Sample"/> once per round, so each value covers the time since the previous
/// round. The first call covers the time since boot. Not thread-safe: one caller (the learner thread).</remarks>
public sealed class ProcStatUtilization
{
    private readonly string _path;
    private readonly int[] _cpus;
    private long _lastBusy;
    private long _lastTotal;

    /// <summary>Creates a probe over <paramref name="cpus"/>.</summary>
    /// <param name="cpus">The enclave's CPUs.</param>
    /// <param name="path">The stat file (tests pass a fixture).</param>
    public ProcStatUtilization(IReadOnlyList<int> cpus, string path = "/proc/stat")
    {
        ArgumentNullException.ThrowIfNull(cpus);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (cpus.Count == 0)
        {
            throw new ArgumentException("expected at least one CPU", nameof(cpus));
        }
        _cpus = [.. cpus];
        _path = path;
    }

    /// <summary>Percent (0-100) of the enclave CPUs' time spent busy since the previous call.</summary>
    /// <exception cref="InvalidDataException">The file lacks a line for one of the CPUs, or a line is malformed.</exception>
    public double Sample()
    {
        (long busy, long total) = Read();
        long dBusy = busy - _lastBusy;
        long dTotal = total - _lastTotal;
        _lastBusy = busy;
        _lastTotal = total;
        if (dTotal <= 0)
        {
            return 0;
        }
        return Math.Clamp(100.0 * dBusy / dTotal, 0, 100);
    }

    private (long Busy, long Total) Read()
    {
        long busy = 0, total = 0;
        var seen = new bool[_cpus.Length];
        foreach (string line in File.ReadLines(_path))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsAsciiDigit(line[3]))
            {
                continue;
            }
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int cpu = int.Parse(fields[0].AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture);
            int index = Array.IndexOf(_cpus, cpu);
            if (index < 0)
            {
                continue;
            }
            // Fields (proc(5)): user nice system idle iowait irq softirq steal [guest guest_nice]; guest time is
            // already counted in user/nice, so it is left out of the total.
            if (fields.Length < 5)
            {
                throw new InvalidDataException($"{_path}: line '{line}': expected at least 4 time fields (user nice system idle ...)");
            }
            long lineTotal = 0;
            int last = Math.Min(fields.Length - 1, 8);
            for (int f = 1; f <= last; f++)
            {
                if (!long.TryParse(fields[f], NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                {
                    throw new InvalidDataException($"{_path}: line '{line}': field {f} '{fields[f]}' is not a non-negative integer");
                }
                lineTotal += v;
            }
            long idle = long.Parse(fields[4], CultureInfo.InvariantCulture) + (fields.Length > 5 ? long.Parse(fields[5], CultureInfo.InvariantCulture) : 0);
            busy += lineTotal - idle;
            total += lineTotal;
            seen[index] = true;
        }
        for (int i = 0; i < seen.Length; i++)
        {
            if (!seen[i])
            {
                throw new InvalidDataException($"{_path}: no line for cpu{_cpus[i]}: expected one 'cpuN' line per enclave CPU");
            }
        }
        return (busy, total);
    }
}
