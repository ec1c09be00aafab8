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
        bool multi = options.Mode == SimulationMode.Multi;
        int knownCount = 0;
        long origin = long.MaxValue; // multi mode's: the earliest known arrival
        foreach (ref readonly InvocationRecord r in orderedWindow)
        {
            if (r.FunctionId >= 0)
            {
                knownCount++;
                if (multi)
                {
                    origin = Math.Min(origin, ArrivalMs(r));
                }
            }
        }
        if (multi)
        {
            // Every known record, in window order: no intermediate copy of the window.
            var all = new SrptJob[knownCount];
            int j = 0;
            foreach (ref readonly InvocationRecord r in orderedWindow)
            {
                if (r.FunctionId >= 0)
                {
                    all[j++] = ToJob(r, origin);
                }
            }
            return all;
        }

        // Reference mode: the sample, picked in one pass over the window (the i-th sampled record is the
        // ((i + 1) * N - 1)-th known record for the stride, the i-th for the first k).
        int k = knownCount / options.SampleDivisor;
        var chosen = new InvocationRecord[k];
        int picked = 0;
        int knownIndex = 0;
        foreach (ref readonly InvocationRecord r in orderedWindow)
        {
            if (picked == k)
            {
                break;
            }
            if (r.FunctionId < 0)
            {
                continue;
            }
            int wanted = options.Sampling == ReferenceSampling.FirstK ? picked : ((picked + 1) * options.SampleDivisor) - 1;
            if (knownIndex == wanted)
            {
                chosen[picked++] = r;
            }
            knownIndex++;
        }
        // Stable sort by arrival: the sample position breaks ties, so the (arrival, position) order is total.
        var order = new (long ArrivalMs, int Position)[k];
        for (int i = 0; i < k; i++)
        {
            order[i] = (ArrivalMs(chosen[i]), i);
        }
        Array.Sort(order);
        int skip = Math.Max(0, k - options.KeepLast);
        var jobs = new SrptJob[k - skip];
        if (jobs.Length == 0)
        {
            return jobs;
        }
        long keptOrigin = long.MaxValue;
        for (int i = skip; i < k; i++)
        {
            keptOrigin = Math.Min(keptOrigin, order[i].ArrivalMs);
        }
        for (int i = 0; i < jobs.Length; i++)
        {
            jobs[i] = ToJob(chosen[order[skip + i].Position], keptOrigin);
        }
        return jobs;
    }

    // Burst = observed CPU time in whole ms (truncated, as the original's int()), at least 1; arrival re-based on origin.
    private static SrptJob ToJob(in InvocationRecord r, long originMs)
    {
        long burst = Math.Max(1, r.CpuNs / NsPerMs);
        return new SrptJob(r.FunctionId, ArrivalMs(r) - originMs, (int)Math.Min(burst, int.MaxValue));
    }

    /// <summary>Simulates the window and returns one profile per function with simulated jobs, by function id.</summary>
    public static FunctionProfile[] Build(ReadOnlySpan<InvocationRecord> orderedWindow, SrptOptions options)
    {
        SrptJob[] jobs = SelectJobs(orderedWindow, options);
        int cpus = options.Mode == SimulationMode.Multi ? options.CpuCount : 1;
        SrptRun run = SrptSimulator.Run(jobs, cpus, options.MinRunTicks);

        // By function id: a hash map while filling (one lookup per record), sorted once at the end.
        var perFunction = new Dictionary<int, Builder>();
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
        foreach (ref readonly InvocationRecord r in orderedWindow)
        {
            if (r.FunctionId >= 0 && perFunction.TryGetValue(r.FunctionId, out Builder? b))
            {
                b.Invocations++;
                b.BlockedNs += r.BlockedNs;
                b.Bursts += r.Bursts;
                b.WallNs += r.EndNs - r.ArrivalNs;
            }
        }

        var functionIds = new int[perFunction.Count];
        perFunction.Keys.CopyTo(functionIds, 0);
        Array.Sort(functionIds);
        var profiles = new FunctionProfile[functionIds.Length];
        for (int p = 0; p < functionIds.Length; p++)
        {
            Builder b = perFunction[functionIds[p]];
            double n = Math.Max(1, b.Invocations);
            profiles[p] = new FunctionProfile(functionIds[p], [.. b.Segments], [.. b.Waits], [.. b.Durations], [.. b.CpuTimes], b.Switches,
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
