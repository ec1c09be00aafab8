using AlpsGhost.Kernel;
using AlpsGhost.Cli;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>Small in-code workloads and one-call runs of the real agent on the simulated kernel.</summary>
internal static class Scenario
{
    /// <summary>Two CPU-bound functions two orders of magnitude apart plus an I/O-bound one, at high load.</summary>
    public const string Mixed = """
    {
      "name": "mixed",
      "duration_s": 4,
      "utilization": 0.9,
      "functions": [
        { "name": "short", "cpu": { "dist": "lognormal", "mean": 2, "cv": 0.3 }, "arrival": { "process": "poisson", "weight": 8 }, "static": { "rank": 1, "slice_ms": 5 } },
        { "name": "long",  "cpu": { "dist": "lognormal", "mean": 200, "cv": 0.3 }, "arrival": { "process": "poisson", "weight": 1 }, "static": { "rank": 2, "slice_ms": 50 } },
        { "name": "io",    "cpu": { "dist": "constant", "value": 3 }, "io": { "bursts": 3, "block": { "dist": "exponential", "mean": 2 } }, "arrival": { "process": "poisson", "weight": 2 } }
      ]
    }
    """;

    /// <summary>Two CPU-bound functions, 2 and 150 ms, over 8 s at high load; no static table, so every decision is learned.</summary>
    public const string TwoGroups = """
    {
      "name": "two-groups",
      "duration_s": 8,
      "utilization": 0.9,
      "functions": [
        { "name": "short", "cpu": { "dist": "lognormal", "mean": 2, "cv": 0.3 }, "arrival": { "process": "poisson", "weight": 10 } },
        { "name": "long",  "cpu": { "dist": "lognormal", "mean": 150, "cv": 0.3 }, "arrival": { "process": "poisson", "weight": 1 } }
      ]
    }
    """;

    public static Workload Load(string json, int cpus, ulong seed) =>
        WorkloadFile.Parse(json, "scenario.json", TestContext.CurrentContext.TestDirectory,
            new WorkloadOverrides { CpuCount = cpus, Seed = seed });

    /// <summary>The built-in config with the test's policy, agent mode and learning switch; watchdog off.</summary>
    public static EnclaveConfig Config(string policy, AgentMode mode = AgentMode.Spinning, bool learning = false) =>
        EnclaveConfigLoader.Default.With(new ConfigOverrides
        {
            Policy = policy,
            AgentMode = AgentModes.Name(mode),
            Learning = learning,
            PeriodS = 1,
            WindowS = 2,
        }) with { RunnableTimeoutMs = 0 };

    public static RunRequest Request(string policy, int cpus, ulong seed, AgentMode mode = AgentMode.Spinning, bool learning = false) =>
        new(Config(policy, mode, learning), Kernel: "sim", Workload: null, Cpus: cpus, Seed: seed, Utilization: null);

    public static RunReport Run(string json, string policy, int cpus = 2, ulong seed = 1, AgentMode mode = AgentMode.Spinning, bool learning = false) =>
        SimulationRun.Run(Load(json, cpus, seed), Request(policy, cpus, seed, mode, learning), TextWriter.Null);

    /// <summary>No task lost (every arrival finishes), no fallback to the fair class, and CPU time conserved.</summary>
    public static void AssertNothingLostAndCpuConserved(Workload workload, SimulationResult result)
    {
        Assert.That(result.Tasks, Has.Count.EqualTo(workload.Invocations.Count), "every arrival is accounted for");
        Assert.That(result.Finished, Is.EqualTo(workload.Invocations.Count), "every invocation finishes");
        Assert.That(result.WatchdogFired, Is.False, "the agent, not the watchdog's fair-class fallback, ran everything");
        foreach (TaskOutcome t in result.Tasks)
        {
            Assert.That(t.CpuNs, Is.EqualTo(workload.Invocations[t.InvocationId].CpuDemandNs),
                $"invocation {t.InvocationId} got exactly its CPU demand");
            Assert.That(t.FinishNs - t.ArrivalNs, Is.GreaterThanOrEqualTo(t.DemandNs + t.BlockedNs),
                $"invocation {t.InvocationId} cannot finish faster than its demand plus its blocking");
        }
    }
}
