using AlpsGhost.Workloads.Format;

namespace AlpsGhost.Workloads;

/// <summary>A workload whose invocations are generated lazily (<see cref="InvocationStream"/>): everything a
/// <see cref="Workload"/> has, but no invocation list.</summary>
public sealed class StreamedWorkload : IWorkloadDefinition
{
    private readonly WorkloadPlan _plan;

    internal StreamedWorkload(WorkloadPlan plan)
    {
        _plan = plan;
        Name = plan.Name;
        Description = plan.Description;
        var functions = new FunctionSpec[plan.Functions.Count];
        var models = new FunctionDemandModel[plan.Functions.Count];
        for (int i = 0; i < functions.Length; i++)
        {
            functions[i] = plan.Functions[i].Spec;
            models[i] = new FunctionDemandModel(plan.Functions[i]);
        }
        Functions = functions;
        DemandModels = models;
        DurationNs = plan.DurationNs;
        CpuCount = plan.Cpus;
        Seed = plan.Seed;
        TargetUtilization = plan.Utilization;
        Invocations = new InvocationStream(plan.Functions, plan.DurationNs, plan.Seed, plan.Scale);
    }

    /// <summary>Draws every invocation now: the list <see cref="WorkloadFile.Load"/> gives for the same file and
    /// overrides, from what was parsed (the file and its traces are not read again).</summary>
    public Workload Materialise() => _plan.Materialise();

    /// <summary>Workload name (file stem or <c>name</c>).</summary>
    public string Name { get; }

    /// <summary>What the workload models, if given.</summary>
    public string? Description { get; }

    /// <summary>Functions, indexed by id.</summary>
    public IReadOnlyList<FunctionSpec> Functions { get; }

    /// <summary>Each function's CPU-demand model, indexed by id.</summary>
    public IReadOnlyList<FunctionDemandModel> DemandModels { get; }

    IReadOnlyList<FunctionDemandModel>? IWorkloadDefinition.DemandModels => DemandModels;

    /// <summary>Arrival window (ns).</summary>
    public long DurationNs { get; }

    /// <summary>CPU count the rates were scaled to.</summary>
    public int CpuCount { get; }

    /// <summary>Seed (after the file's <c>seed_salt</c>).</summary>
    public ulong Seed { get; }

    /// <summary>Target utilization, if any.</summary>
    public double? TargetUtilization { get; }

    /// <summary>The invocations in arrival order, generated on enumeration.</summary>
    public InvocationStream Invocations { get; }
}
