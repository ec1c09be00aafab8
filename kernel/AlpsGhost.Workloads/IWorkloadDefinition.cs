namespace AlpsGhost.Workloads;

/// <summary>What a workload is apart from its invocations: what a policy, an oracle or a report may know of it
/// before any invocation arrives. Both the materialised <see cref="Workload"/> and the lazily generated
/// <see cref="StreamedWorkload"/> are one.</summary>
public interface IWorkloadDefinition
{
    /// <summary>Workload name (file stem or <c>name</c>).</summary>
    string Name { get; }

    /// <summary>Functions, indexed by id.</summary>
    IReadOnlyList<FunctionSpec> Functions { get; }

    /// <summary>Each function's CPU-demand model, indexed by id; null for a hand-built workload.</summary>
    IReadOnlyList<FunctionDemandModel>? DemandModels { get; }

    /// <summary>Seed the invocations are drawn with (after the file's <c>seed_salt</c>).</summary>
    ulong Seed { get; }
}
