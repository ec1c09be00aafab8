namespace AlpsGhost.Workloads;

/// <summary>A fully materialised workload: functions and every invocation, sorted by arrival.</summary>
/// <remarks>Invariants: function ids are 0..n-1 in order; invocation ids are 0..m-1 in arrival order;
/// every invocation's first phase is CPU and every duration is positive.</remarks>
public sealed class Workload : IWorkloadDefinition
{
    /// <summary>Creates a workload and checks its invariants.</summary>
    public Workload(string name, IReadOnlyList<FunctionSpec> functions, IReadOnlyList<InvocationSpec> invocations)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        for (int i = 0; i < functions.Count; i++)
        {
            if (functions[i].Id != i)
            {
                throw new ArgumentException($"function '{functions[i].Name}' has id {functions[i].Id}, expected {i}", nameof(functions));
            }
        }
        long last = long.MinValue;
        for (int i = 0; i < invocations.Count; i++)
        {
            InvocationSpec inv = invocations[i];
            if (inv.Id != i || inv.ArrivalNs < Math.Max(0, last) || inv.ArrivalNs > WorkloadLimits.MaxDurationNs || (uint)inv.FunctionId >= (uint)functions.Count
                || inv.Phases.Length == 0 || inv.Phases[0].Kind != PhaseKind.Cpu)
            {
                throw new ArgumentException($"invocation {i} (id {inv.Id}, function {inv.FunctionId}, arrival {inv.ArrivalNs}) breaks the workload invariants", nameof(invocations));
            }
            foreach (Phase p in inv.Phases)
            {
                if (p.DurationNs <= 0 || p.DurationNs > WorkloadLimits.MaxPhaseNs)
                {
                    throw new ArgumentException($"invocation {i} has a {p.Kind} phase of {p.DurationNs} ns; durations must be positive and at most {WorkloadLimits.MaxPhaseNs} ns (one hour)", nameof(invocations));
                }
            }
            last = inv.ArrivalNs;
        }
        Name = name;
        Functions = functions;
        Invocations = invocations;
    }

    /// <summary>Workload name (file stem).</summary>
    public string Name { get; }

    /// <summary>Functions, indexed by id.</summary>
    public IReadOnlyList<FunctionSpec> Functions { get; }

    /// <summary>Invocations in arrival order.</summary>
    public IReadOnlyList<InvocationSpec> Invocations { get; }

    /// <summary>Each function's CPU-demand model (indexed by function id), when the workload was loaded from a
    /// file; null for a hand-built workload. What a distribution-aware but non-clairvoyant oracle may know.</summary>
    public IReadOnlyList<FunctionDemandModel>? DemandModels { get; init; }

    /// <summary>What the workload models (the file's <c>description</c>), if given.</summary>
    public string? Description { get; init; }

    /// <summary>Length of the arrival window in nanoseconds: arrivals are generated in [0, DurationNs).
    /// 0 when unknown (a hand-built workload); then <see cref="EffectiveDurationNs"/> falls back to the last arrival.</summary>
    public long DurationNs { get; init; }

    /// <summary>CPU count the workload was materialised for (its rates were scaled to it); 0 when unknown.</summary>
    public int CpuCount { get; init; }

    /// <summary>Seed the workload was drawn with (after mixing in the file's <c>seed_salt</c>).</summary>
    public ulong Seed { get; init; }

    /// <summary>Target average CPU utilization the arrival rates were scaled to, if any.</summary>
    public double? TargetUtilization { get; init; }

    /// <summary><see cref="DurationNs"/>, or the last arrival time + 1 when that is unknown.</summary>
    public long EffectiveDurationNs => DurationNs > 0 ? DurationNs : Invocations.Count == 0 ? 1 : Invocations[^1].ArrivalNs + 1;
}
