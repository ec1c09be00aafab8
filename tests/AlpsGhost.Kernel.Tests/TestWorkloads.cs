using AlpsGhost.Workloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>Small in-code workloads for the kernel tests.</summary>
internal static class TestWorkloads
{
    public const long Ms = 1_000_000;

    public static FunctionSpec Function(int id, bool inEnclave = true) =>
        new(id, $"f{id}", $"f{id}", $"comm{id}", $"/faas/f{id}", inEnclave, null);

    /// <summary>Invocations given as (function, arrival, phases) triples.</summary>
    public static Workload Make(string name, int functions, params (int Function, long Arrival, Phase[] Phases)[] invocations)
    {
        List<FunctionSpec> fs = [];
        for (int i = 0; i < functions; i++)
        {
            fs.Add(Function(i));
        }
        return Make(name, fs, invocations);
    }

    public static Workload Make(string name, List<FunctionSpec> functions, params (int Function, long Arrival, Phase[] Phases)[] invocations)
    {
        List<InvocationSpec> inv = [];
        for (int i = 0; i < invocations.Length; i++)
        {
            inv.Add(new InvocationSpec(i, invocations[i].Function, invocations[i].Arrival, invocations[i].Phases));
        }
        return new Workload(name, functions, inv);
    }

    public static Phase Cpu(long ns) => new(PhaseKind.Cpu, ns);

    public static Phase Block(long ns) => new(PhaseKind.Block, ns);

    /// <summary>A seeded mix of CPU and I/O invocations: <paramref name="count"/> tasks over 4 functions.</summary>
    public static Workload Mixed(int count, long meanGapNs, int seed, bool withOutsideFunction = false)
    {
        Random rng = new(seed);
        List<FunctionSpec> fs = [Function(0), Function(1), Function(2), Function(3, inEnclave: !withOutsideFunction)];
        List<InvocationSpec> inv = [];
        long t = 0;
        for (int i = 0; i < count; i++)
        {
            t += (long)(rng.NextDouble() * 2 * meanGapNs);
            int f = rng.Next(4);
            int phases = 1 + (2 * rng.Next(3));
            Phase[] p = new Phase[phases];
            for (int k = 0; k < phases; k++)
            {
                p[k] = k % 2 == 0
                    ? Cpu(50_000 + rng.Next(5 * (int)Ms))
                    : Block(100_000 + rng.Next(3 * (int)Ms));
            }
            inv.Add(new InvocationSpec(i, f, t, p));
        }
        return new Workload("mixed", fs, inv);
    }
}
