using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Workloads;

namespace AlpsGhost.Runs;

/// <summary>
/// The policy table of the <c>gittins-oracle</c> bound: for every function, the service curve (Gittins index by
/// CPU used) of its <em>true</em> CPU-demand distribution, as the workload file defines it.
/// </summary>
/// <remarks>
/// <para>Why: srpt knows every invocation's size, which no scheduler can. The best a non-clairvoyant scheduler can
/// know is each function's demand distribution; ordering by its Gittins index is then the mean-optimal order on one
/// server. The gap between this bound and srpt is what no learning can close; the gap between alps and it is what
/// better learning could.</para>
/// <para>The distribution is approximated by <see cref="Samples"/> draws from the function's demand model on a
/// stream of its own (never an invocation's own demand), turned into a curve by the learner's own
/// <see cref="ServiceCurveBuilder"/>: one implementation of the index. Every function gets rank 1 and slice 0:
/// the Gittins order decides, with alps's minimum run.</para>
/// <para>Simulation only: it needs <see cref="Workload.DemandModels"/>, which only a workload loaded from a file has.</para>
/// </remarks>
public static class GittinsOracleTable
{
    /// <summary>Draws per function: the empirical quantiles then sit within about 1 % of the true ones
    /// (the tail points at 1 - 2^-k/24 stay resolved up to k = 6).</summary>
    public const int Samples = 8_192;

    /// <summary>The oracle's snapshot for <paramref name="workload"/>.</summary>
    /// <exception cref="ArgumentException">The workload has no demand models (built by hand, not from a file).</exception>
    public static PolicySnapshot Build(IWorkloadDefinition workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        IReadOnlyList<FunctionDemandModel> models = workload.DemandModels
            ?? throw new ArgumentException($"policy gittins-oracle needs each function's demand distribution, which workload '{workload.Name}' does not carry (only a workload loaded from a file does)", nameof(workload));
        int n = workload.Functions.Count;
        var table = new FunctionPolicy[n];
        var known = new bool[n];
        var curves = new ServiceCurve?[n];
        for (int f = 0; f < n; f++)
        {
            table[f] = new FunctionPolicy(1, 0);
            known[f] = true;
            curves[f] = ServiceCurveBuilder.FromSortedDemands(models[f].SampleSortedDemandsNs(Samples, workload.Seed));
        }
        return new PolicySnapshot(1, 0, table, known, curves);
    }
}
