using AlpsGhost.Workloads;

namespace AlpsGhost.Runs.Faults;

/// <summary>
/// The fault scenarios' workload: four FaaS-like functions (short, medium, long CPU work and an I/O
/// mix) arriving as a seeded Poisson process at a given load of the enclave's worker CPUs, with an
/// optional burst far above capacity.
/// </summary>
internal static class ScenarioWorkloads
{
    private const long Ms = 1_000_000;

    /// <summary>Mean CPU demand per invocation of the mix below (ms): 0.4*1 + 0.3*4 + 0.1*15 + 0.2*1.5.</summary>
    private const double MeanDemandMs = 3.4;

    /// <summary>A workload of <paramref name="durationNs"/> at <paramref name="load"/> of <paramref name="workerCpus"/> CPUs; during
    /// [<paramref name="burstStartNs"/>, +<paramref name="burstNs"/>) arrivals run at <paramref name="burstFactor"/> x capacity.</summary>
    public static Workload Build(ulong seed, int workerCpus, double load, long durationNs,
        long burstStartNs = 0, long burstNs = 0, double burstFactor = 0)
    {
        FunctionSpec[] functions =
        [
            Function(0, "thumbnail"),
            Function(1, "resize"),
            Function(2, "encode"),
            Function(3, "fetch"),
        ];
        var rng = new SplitMix(seed);
        var invocations = new List<InvocationSpec>();
        double capacityRate = workerCpus / (MeanDemandMs * 1e-3); // invocations/s that fill every worker CPU
        double t = 0;
        while (true)
        {
            bool inBurst = burstNs > 0 && t >= burstStartNs && t < burstStartNs + burstNs;
            double rate = capacityRate * (inBurst ? burstFactor : load);
            t += -Math.Log(1 - rng.NextUnit()) / rate * 1e9;
            if (t >= durationNs)
            {
                break;
            }
            double pick = rng.NextUnit();
            int f = pick < 0.4 ? 0 : pick < 0.7 ? 1 : pick < 0.8 ? 2 : 3;
            Phase[] phases = f switch
            {
                0 => [Cpu(1 * Ms, rng)],
                1 => [Cpu(4 * Ms, rng)],
                2 => [Cpu(15 * Ms, rng)],
                _ => [Cpu(Ms / 2, rng), new Phase(PhaseKind.Block, 2 * Ms), Cpu(1 * Ms, rng)],
            };
            invocations.Add(new InvocationSpec(invocations.Count, f, (long)t, phases));
        }
        string name = burstNs > 0 ? $"faults-burst-{burstFactor:0.#}x" : "faults-mix";
        return new Workload(name, functions, invocations) { DurationNs = durationNs, CpuCount = workerCpus + 1, Seed = seed };
    }

    private static FunctionSpec Function(int id, string name) =>
        new(id, name, name, name, "/faas/" + name, InEnclave: true, StaticPolicy: null);

    /// <summary>CPU phase of <paramref name="meanNs"/> +/- 50 % (uniform).</summary>
    private static Phase Cpu(long meanNs, SplitMix rng) =>
        new(PhaseKind.Cpu, Math.Max(1000, (long)(meanNs * (0.5 + rng.NextUnit()))));

    /// <summary>SplitMix64: fixed output for a seed, whatever the .NET version.</summary>
    private sealed class SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public double NextUnit()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
