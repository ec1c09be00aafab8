namespace AlpsGhost.Workloads.Format;

/// <summary>A parsed workload file before any invocation is drawn: the function models and the scale that meets
/// the target utilization. Materialised whole (<see cref="Materialise"/>) or streamed (<see cref="Stream"/>); both
/// give the same invocations.</summary>
internal sealed record WorkloadPlan(string Name, string? Description, IReadOnlyList<FunctionModel> Functions, long DurationNs,
    int Cpus, ulong Seed, double? Utilization, double Scale)
{
    public Workload Materialise() => WorkloadBuilder.Build(Name, Description, Functions, DurationNs, Cpus, Seed, Utilization, Scale);

    public StreamedWorkload Stream() => new(this);
}
