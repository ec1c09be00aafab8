using AlpsGhost.Workloads.Arrivals;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Format;

/// <summary>Turns function models into a materialised <see cref="Workload"/>: picks the rate scale that
/// meets the target utilization, then draws every arrival and every phase from per-function streams.</summary>
internal static class WorkloadBuilder
{
    /// <summary>The scale for scaled arrival processes so that
    /// <c>sum_i rate_i * meanCpu_i = utilization * cpus</c> (rates in 1/s, CPU in s); 1 when no target is given.</summary>
    /// <exception cref="WorkloadFileException">No target although weights need one, or fixed-rate functions already exceed it.</exception>
    public static double ComputeScale(IReadOnlyList<FunctionModel> functions, long durationNs, int cpus, double? utilization,
        string file, string utilizationPath)
    {
        double fixedLoad = 0;
        double scaledLoad = 0;
        bool needsTarget = false;
        foreach (FunctionModel f in functions)
        {
            double load = f.Arrival.BaseRatePerS(durationNs) * f.MeanCpuMs / 1000.0;
            if (f.Arrival.IsScaled)
            {
                scaledLoad += load;
            }
            else
            {
                fixedLoad += load;
            }
            needsTarget |= f.Arrival.NeedsUtilization;
        }
        if (utilization is not double u)
        {
            if (needsTarget)
            {
                throw new WorkloadFileException(file, utilizationPath, null,
                    "a target utilization in (0, 1.5] (arrival weights are shares of a total rate that only the target fixes; or give rate_per_s)");
            }
            return 1.0;
        }
        if (scaledLoad == 0)
        {
            return 1.0;
        }
        double remaining = (u * cpus) - fixedLoad;
        if (!(remaining > 0))
        {
            throw new WorkloadFileException(file, utilizationPath, u.ToString("R"),
                $"a target above what the fixed-rate functions alone offer ({fixedLoad:F3} CPUs of {cpus}, i.e. utilization {fixedLoad / cpus:F3})");
        }
        return remaining / scaledLoad;
    }

    /// <summary>Most invocations a workload may have: beyond this the materialised list (tens of bytes per
    /// invocation plus its phases) stops fitting comfortably in memory, and a simulation of it would run for hours.</summary>
    public const double MaxInvocations = 20_000_000;

    /// <summary>Fails before drawing anything when the expected invocation count is unreasonable
    /// (e.g. microsecond functions scaled to a large machine).</summary>
    /// <exception cref="WorkloadFileException">More than <see cref="MaxInvocations"/> expected.</exception>
    public static void CheckSize(IReadOnlyList<FunctionModel> functions, long durationNs, double scale, string file)
    {
        double expected = ExpectedInvocations(functions, durationNs, scale);
        if (expected > MaxInvocations)
        {
            throw new WorkloadFileException(file, "$", $"{expected:E2} invocations",
                $"at most {MaxInvocations:N0} invocations: shorten duration_s, lower the utilization or the CPU count, or raise the CPU demands",
                problem: $"the workload would have about {expected:E2} invocations");
        }
    }

    /// <summary>The expected number of invocations: each function's base arrival rate (scaled where it scales) over
    /// the duration. An estimate: the drawn count varies around it.</summary>
    public static double ExpectedInvocations(IReadOnlyList<FunctionModel> functions, long durationNs, double scale)
    {
        double expected = 0;
        foreach (FunctionModel f in functions)
        {
            double rate = f.Arrival.BaseRatePerS(durationNs) * (f.Arrival.IsScaled ? scale : 1);
            expected += rate * (durationNs / 1e9);
        }
        return expected;
    }

    /// <summary>Draws the invocations and assembles the workload.</summary>
    public static Workload Build(string name, string? description, IReadOnlyList<FunctionModel> functions, long durationNs,
        int cpus, ulong seed, double? utilization, double scale)
    {
        var drafts = new List<(long Arrival, int Function, int Seq, Phase[] Phases)>();
        var times = new List<long>();
        var phases = new List<Phase>();
        for (int i = 0; i < functions.Count; i++)
        {
            FunctionModel f = functions[i];
            times.Clear();
            f.Arrival.Generate(scale, durationNs, Prng.ForStream(seed, i, StreamPurpose.Arrivals), times);
            Prng cpuRng = Prng.ForStream(seed, i, StreamPurpose.CpuDemand);
            Prng ioRng = Prng.ForStream(seed, i, StreamPurpose.Io);
            for (int k = 0; k < times.Count; k++)
            {
                phases.Clear();
                AppendPhases(f, cpuRng, ioRng, phases);
                drafts.Add((times[k], i, k, phases.ToArray()));
            }
        }
        // Ties in arrival time are broken by function, then by per-function order, so the order never
        // depends on the sort algorithm's stability.
        drafts.Sort(static (a, b) =>
        {
            int c = a.Arrival.CompareTo(b.Arrival);
            if (c == 0)
            {
                c = a.Function.CompareTo(b.Function);
            }
            return c != 0 ? c : a.Seq.CompareTo(b.Seq);
        });
        var invocations = new InvocationSpec[drafts.Count];
        for (int i = 0; i < invocations.Length; i++)
        {
            invocations[i] = new InvocationSpec(i, drafts[i].Function, drafts[i].Arrival, drafts[i].Phases);
        }
        var specs = new FunctionSpec[functions.Count];
        var demandModels = new FunctionDemandModel[functions.Count];
        for (int i = 0; i < specs.Length; i++)
        {
            specs[i] = functions[i].Spec;
            demandModels[i] = new FunctionDemandModel(functions[i]);
        }
        return new Workload(name, specs, invocations)
        {
            DemandModels = demandModels,
            Description = description,
            DurationNs = durationNs,
            CpuCount = cpus,
            Seed = seed,
            TargetUtilization = utilization,
        };
    }

    /// <summary>Milliseconds to whole nanoseconds, at least 1 (phases must be positive).</summary>
    public static long ToNs(double ms) => WorkloadLimits.PhaseNs(ms);

    /// <summary>Appends one invocation's phases, drawn from the function's CPU and I/O streams.</summary>
    public static void AppendPhases(FunctionModel f, Prng cpuRng, Prng ioRng, List<Phase> phases)
    {
        if (f.Io is not IoModel io)
        {
            phases.Add(new Phase(PhaseKind.Cpu, ToNs(f.Cpu.Sample(cpuRng))));
            return;
        }
        int waits = io.MinWaits + ioRng.NextInt(io.MaxWaits - io.MinWaits + 1);
        if (io.CpuPerBurst)
        {
            for (int b = 0; b <= waits; b++)
            {
                if (b > 0)
                {
                    phases.Add(new Phase(PhaseKind.Block, ToNs(io.Block.Sample(ioRng))));
                }
                phases.Add(new Phase(PhaseKind.Cpu, ToNs(f.Cpu.Sample(cpuRng))));
            }
            return;
        }
        long total = ToNs(f.Cpu.Sample(cpuRng));
        int bursts = waits + 1;
        long each = Math.Max(1L, total / bursts);
        for (int b = 0; b < bursts; b++)
        {
            if (b > 0)
            {
                phases.Add(new Phase(PhaseKind.Block, ToNs(io.Block.Sample(ioRng))));
            }
            // The last burst takes the remainder so the total CPU demand is exactly what was drawn.
            long ns = b < bursts - 1 ? each : Math.Max(1L, total - (each * (bursts - 1)));
            phases.Add(new Phase(PhaseKind.Cpu, ns));
        }
    }
}
