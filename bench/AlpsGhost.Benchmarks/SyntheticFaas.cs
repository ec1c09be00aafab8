using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Workloads;

namespace AlpsGhost.Benchmarks;

/// <summary>
/// A seeded FaaS mix of 8 functions shared by the simulator and learner benchmarks: frequent functions
/// are short, rare ones long (the Azure 2019 shape, docs/workloads-sources.md), every second function does I/O.
/// </summary>
/// <remarks>Mean CPU per invocation 18.85 ms; CPU times are exponential around each function's mean
/// (plus 0.1 ms so none is zero).</remarks>
internal static class SyntheticFaas
{
    /// <summary>Mean CPU ms of function f.</summary>
    private static readonly double[] MeanCpuMs = [1, 2, 5, 10, 20, 50, 100, 300];

    /// <summary>Share of invocations (percent) of function f.</summary>
    private static readonly int[] SharePercent = [30, 20, 15, 12, 10, 6, 5, 2];

    /// <summary>Blocked time (I/O) of the odd functions between their two CPU halves.</summary>
    private const long IoNs = 5_000_000;

    public const int Functions = 8;

    /// <summary>Mean CPU demand per invocation in ns over the mix.</summary>
    public static double MeanCpuNs
    {
        get
        {
            double sum = 0;
            for (int f = 0; f < Functions; f++)
            {
                sum += SharePercent[f] / 100.0 * MeanCpuMs[f] * 1e6;
            }
            return sum;
        }
    }

    /// <summary><paramref name="count"/> invocations on <paramref name="cpus"/> CPUs, arrivals Poisson at <paramref name="utilization"/> offered load.</summary>
    public static Workload Workload(int count, int cpus, double utilization, int seed)
    {
        var functions = new FunctionSpec[Functions];
        for (int f = 0; f < Functions; f++)
        {
            functions[f] = new FunctionSpec(f, $"f{f}", f % 2 == 0 ? "cpu" : "io", $"fn{f}", $"/faas/f{f}", InEnclave: true, StaticPolicy: null);
        }
        var rng = new Random(seed);
        double meanGapNs = MeanCpuNs / (cpus * utilization);
        var invocations = new InvocationSpec[count];
        double t = 0;
        for (int i = 0; i < count; i++)
        {
            t += Exponential(rng, meanGapNs);
            int f = PickFunction(rng);
            long cpu = CpuNs(rng, f);
            Phase[] phases = f % 2 == 0
                ? [new Phase(PhaseKind.Cpu, cpu)]
                : [new Phase(PhaseKind.Cpu, (cpu / 2) + 1), new Phase(PhaseKind.Block, IoNs), new Phase(PhaseKind.Cpu, (cpu / 2) + 1)];
            invocations[i] = new InvocationSpec(i, f, (long)t, phases);
        }
        return new Workload($"synthetic-{count}", functions, invocations) { CpuCount = cpus, Seed = (ulong)seed, DurationNs = (long)t + 1 };
    }

    /// <summary>
    /// A learner window of <paramref name="count"/> completed invocations arriving over 60 s, in window
    /// order; <paramref name="cpus"/> is the CPU count that runs it at 70 % load (for multi mode).
    /// </summary>
    public static InvocationRecord[] Window(int count, int seed, out int cpus)
    {
        const double windowNs = 60e9;
        var rng = new Random(seed);
        var records = new InvocationRecord[count];
        for (int i = 0; i < count; i++)
        {
            int f = PickFunction(rng);
            long arrival = (long)(rng.NextDouble() * windowNs);
            long cpu = CpuNs(rng, f);
            long blocked = f % 2 == 0 ? 0 : IoNs;
            // Some queueing on top of the service time, as an agent would observe it.
            long wait = (long)Exponential(rng, cpu / 2.0);
            records[i] = new InvocationRecord
            {
                Gtid = i + 1,
                FunctionId = f,
                ArrivalNs = arrival,
                CpuNs = cpu,
                BlockedNs = blocked,
                WaitNs = wait,
                EndNs = arrival + cpu + blocked + wait,
                Bursts = f % 2 == 0 ? 1 : 2,
                Completed = true,
            };
        }
        Array.Sort(records, InvocationWindow.CompareWindowOrder);
        cpus = Math.Max(1, (int)Math.Ceiling(count * MeanCpuNs / windowNs / 0.7));
        return records;
    }

    private static int PickFunction(Random rng)
    {
        int r = rng.Next(100);
        for (int f = 0; f < Functions; f++)
        {
            r -= SharePercent[f];
            if (r < 0)
            {
                return f;
            }
        }
        return Functions - 1;
    }

    private static long CpuNs(Random rng, int f) => (long)Exponential(rng, MeanCpuMs[f] * 1e6) + 100_000;

    private static double Exponential(Random rng, double mean) => -Math.Log(1 - rng.NextDouble()) * mean;
}
