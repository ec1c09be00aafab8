using AlpsGhost.Workloads.Arrivals;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Format;

/// <summary>A function as read from a workload file, before materialisation: its identity plus the
/// random processes that generate its invocations.</summary>
/// <param name="Spec">Identity, with <see cref="FunctionSpec.Id"/> equal to the function's index.</param>
/// <param name="Cpu">CPU demand in ms (per invocation, or per burst when <see cref="IoModel.CpuPerBurst"/>).</param>
/// <param name="Io">Blocking structure; null for purely CPU-bound functions.</param>
/// <param name="Arrival">When invocations arrive.</param>
internal sealed record FunctionModel(FunctionSpec Spec, Distribution Cpu, IoModel? Io, ArrivalProcess Arrival)
{
    /// <summary>Expected CPU milliseconds of one invocation (what utilization scaling uses).</summary>
    public double MeanCpuMs => Io is { CpuPerBurst: true } io ? Cpu.Mean * io.MeanBursts : Cpu.Mean;
}
