using AlpsGhost.Workloads;

namespace AlpsGhost.Runs.Faults;

/// <summary>The scenarios' workload for tests that drive the kernel directly.</summary>
public static class FaultScenariosAccess
{
    /// <summary>The first <paramref name="count"/> invocations of the scenario mix (seed 1, 50 % of three CPUs).</summary>
    public static Workload Workload(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Workload full = ScenarioWorkloads.Build(1, 3, 0.5, 3_000_000_000);
        return new Workload(full.Name, full.Functions, [.. full.Invocations.Take(count)]);
    }
}
