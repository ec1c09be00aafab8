namespace AlpsGhost.Workloads;

/// <summary>A fully materialised workload: functions and every invocation, sorted by arrival.</summary>
/// <remarks>Invariants: function ids are 0..n-1 in order; invocation ids are 0..m-1 in arrival order;
/// every invocation's first phase is CPU and every duration is positive.</remarks>
public sealed class Workload
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
            if (inv.Id != i || inv.ArrivalNs < last || (uint)inv.FunctionId >= (uint)functions.Count
                || inv.Phases.Length == 0 || inv.Phases[0].Kind != PhaseKind.Cpu)
            {
                throw new ArgumentException($"invocation {i} (id {inv.Id}, function {inv.FunctionId}, arrival {inv.ArrivalNs}) breaks the workload invariants", nameof(invocations));
            }
            foreach (Phase p in inv.Phases)
            {
                if (p.DurationNs <= 0)
                {
                    throw new ArgumentException($"invocation {i} has a {p.Kind} phase of {p.DurationNs} ns; durations must be positive", nameof(invocations));
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
}
