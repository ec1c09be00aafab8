using AlpsGhost.Workloads.Format;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads;

/// <summary>
/// The distribution one function's invocations draw their total CPU demand from (the workload file's
/// distribution, percentile table or synthetic parameters, with its I/O burst structure): what a scheduler
/// could know about a function without seeing any invocation's size.
/// </summary>
/// <remarks>
/// Samples come from their own random stream (<c>(seed, function, DemandModelSamples)</c>), disjoint from the
/// streams that draw the workload's invocations, so a sample never is an invocation's own demand; they go
/// through the same phase generator as the invocations, so I/O-bound functions' totals (bursts summed, per-burst
/// draws included) follow the same law.
/// </remarks>
public sealed class FunctionDemandModel
{
    private readonly FunctionModel _model;

    internal FunctionDemandModel(FunctionModel model)
    {
        _model = model;
    }

    /// <summary>Expected total CPU demand of one invocation (ns).</summary>
    public double MeanCpuNs => _model.MeanCpuMs * 1e6;

    /// <summary>Most samples <see cref="SampleSortedDemandsNs"/> draws (bounds its memory and time).</summary>
    public const int MaxSamples = 1 << 20;

    /// <summary><paramref name="count"/> independent total-CPU-demand draws (ns, each &gt;= 1), sorted ascending.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> outside 1..<see cref="MaxSamples"/>.</exception>
    public long[] SampleSortedDemandsNs(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxSamples);
        int id = _model.Spec.Id;
        // Two streams derived from the one purpose: the CPU draws and the I/O structure stay independent.
        Prng cpuRng = Prng.ForStream(seed, (2L * id) + 0, StreamPurpose.DemandModelSamples);
        Prng ioRng = Prng.ForStream(seed, (2L * id) + 1, StreamPurpose.DemandModelSamples);
        var phases = new List<Phase>(4);
        var samples = new long[count];
        for (int i = 0; i < count; i++)
        {
            phases.Clear();
            WorkloadBuilder.AppendPhases(_model, cpuRng, ioRng, phases);
            long total = 0;
            foreach (Phase p in phases)
            {
                if (p.Kind == PhaseKind.Cpu)
                {
                    total += p.DurationNs;
                }
            }
            samples[i] = total;
        }
        Array.Sort(samples);
        return samples;
    }
}
