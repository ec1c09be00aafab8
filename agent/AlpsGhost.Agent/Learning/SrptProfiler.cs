using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Agent.Learning;

/// <summary>Turns a window of records into SRPT jobs, simulates them, and summarises per function.</summary>
public static class SrptProfiler
{
    private const long NsPerMs = 1_000_000;

    /// <summary>
    /// The jobs the simulation runs for <paramref name="orderedWindow"/> (window order, see
    /// <see cref="InvocationWindow.ToOrderedArray"/>). Records with an unknown function (id &lt; 0) are skipped.
    /// </summary>
    /// <remarks>
    /// Reference mode, as the original (docs/algorithm.md §1.2c): take count/N records (<see cref="SrptOptions.Sampling"/>),
    /// stable-sort them by arrival, keep the last <see cref="SrptOptions.KeepLast"/>, re-base arrivals on the first kept.
    /// Fewer than N records give an empty sample (the original crashed). Multi mode: every record, re-based on the
    /// earliest arrival. Burst = observed CPU time in whole ms (truncated, as the original's <c>int()</c>), at least 1.
    /// </remarks>
    public static SrptJob[] SelectJobs(ReadOnlySpan<InvocationRecord> orderedWindow, SrptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var known = new List<InvocationRecord>(orderedWindow.Length);
        foreach (InvocationRecord r in orderedWindow)
        {
            if (r.FunctionId >= 0)
            {
                known.Add(r);
            }
        }

        List<InvocationRecord> chosen;
        if (options.Mode == SimulationMode.Reference)
        {
            int k = known.Count / options.SampleDivisor;
            chosen = new List<InvocationRecord>(k);
            for (int i = 0; i < k; i++)
            {
                int index = options.Sampling == ReferenceSampling.FirstK ? i : ((i + 1) * options.SampleDivisor) - 1;
                chosen.Add(known[index]);
            }
            // Stable sort by arrival (List.Sort is not stable: break ties by the sample position).
            var positions = new int[chosen.Count];
            for (int i = 0; i < positions.Length; i++)
            {
                positions[i] = i;
            }
            Array.Sort(positions, (a, b) =>
            {
                int c = ArrivalMs(chosen[a]).CompareTo(ArrivalMs(chosen[b]));
                return c != 0 ? c : a.CompareTo(b);
            });
            int skip = Math.Max(0, positions.Length - options.KeepLast);
            var kept = new List<InvocationRecord>(positions.Length - skip);
            for (int i = skip; i < positions.Length; i++)
            {
                kept.Add(chosen[positions[i]]);
            }
            chosen = kept;
        }
        else
        {
            chosen = known;
        }

        var jobs = new SrptJob[chosen.Count];
        if (jobs.Length == 0)
        {
            return jobs;
        }
        long origin = long.MaxValue;
        foreach (InvocationRecord r in chosen)
        {
            origin = Math.Min(origin, ArrivalMs(r));
        }
        for (int i = 0; i < jobs.Length; i++)
        {
            InvocationRecord r = chosen[i];
            long burst = Math.Max(1, r.CpuNs / NsPerMs);
            jobs[i] = new SrptJob(r.FunctionId, ArrivalMs(r) - origin, (int)Math.Min(burst, int.MaxValue));
        }
        return jobs;
    }

    /// <summary>Simulates the window and returns one profile per function with simulated jobs, by function id.</summary>
    public static FunctionProfile[] Build(ReadOnlySpan<InvocationRecord> orderedWindow, SrptOptions options)
    {
        SrptJob[] jobs = SelectJobs(orderedWindow, options);
        int cpus = options.Mode == SimulationMode.Multi ? options.CpuCount : 1;
        SrptRun run = SrptSimulator.Run(jobs, cpus, options.MinRunTicks);

        var perFunction = new SortedDictionary<int, Builder>();
        foreach (int j in run.CompletionOrder)
        {
            SrptJob job = jobs[j];
            if (!perFunction.TryGetValue(job.FunctionId, out Builder? b))
            {
                b = new Builder();
                perFunction.Add(job.FunctionId, b);
            }
            b.Segments.AddRange(run.Segments[j]);
            b.Waits.Add((int)run.Wait[j]);
            b.Durations.Add((int)(run.End[j] - job.ArrivalTick));
            b.CpuTimes.Add(job.Burst);
            b.Switches += run.ContextSwitches[j];
        }
        foreach (InvocationRecord r in orderedWindow)
        {
            if (r.FunctionId >= 0 && perFunction.TryGetValue(r.FunctionId, out Builder? b))
            {
                b.Invocations++;
                b.BlockedNs += r.BlockedNs;
                b.Bursts += r.Bursts;
                b.WallNs += r.EndNs - r.ArrivalNs;
            }
        }

        var profiles = new FunctionProfile[perFunction.Count];
        int p = 0;
        foreach (KeyValuePair<int, Builder> entry in perFunction)
        {
            Builder b = entry.Value;
            double n = Math.Max(1, b.Invocations);
            profiles[p++] = new FunctionProfile(entry.Key, [.. b.Segments], [.. b.Waits], [.. b.Durations], [.. b.CpuTimes], b.Switches,
                b.Invocations, b.BlockedNs / n / NsPerMs, b.Bursts / n, b.WallNs / n / NsPerMs);
        }
        return profiles;
    }

    // Floor division so that negative clocks (never expected) still order correctly.
    private static long ArrivalMs(in InvocationRecord r)
    {
        long q = r.ArrivalNs / NsPerMs;
        return r.ArrivalNs % NsPerMs < 0 ? q - 1 : q;
    }

    private sealed class Builder
    {
        public readonly List<int> Segments = [];
        public readonly List<int> Waits = [];
        public readonly List<int> Durations = [];
        public readonly List<int> CpuTimes = [];
        public int Switches;
        public int Invocations;
        public double BlockedNs;
        public double Bursts;
        public double WallNs;
    }
}
