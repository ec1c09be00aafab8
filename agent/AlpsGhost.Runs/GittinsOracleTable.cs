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

    /// <summary>The oracle's snapshot for <paramref name="workload"/>: every function known, with its true curve.</summary>
    /// <exception cref="ArgumentException">The workload has no demand models (built by hand, not from a file).</exception>
    public static PolicySnapshot Build(IWorkloadDefinition workload)
    {
        ServiceCurve[] curves = TrueCurves(workload, PolicyNames.GittinsOracle);
        var known = new bool[curves.Length];
        Array.Fill(known, true);
        return Snapshot(1, known, curves);
    }

    /// <summary>The service curve of each function's true demand distribution, in function-id order.</summary>
    /// <param name="policy">The policy that needs them, named in the error.</param>
    /// <exception cref="ArgumentException">The workload has no demand models (built by hand, not from a file).</exception>
    public static ServiceCurve[] TrueCurves(IWorkloadDefinition workload, string policy)
    {
        ArgumentNullException.ThrowIfNull(workload);
        IReadOnlyList<FunctionDemandModel> models = workload.DemandModels
            ?? throw new ArgumentException($"policy {policy} needs each function's demand distribution, which workload '{workload.Name}' does not carry (only a workload loaded from a file does)", nameof(workload));
        var curves = new ServiceCurve[workload.Functions.Count];
        for (int f = 0; f < curves.Length; f++)
        {
            curves[f] = ServiceCurveBuilder.FromSortedDemands(models[f].SampleSortedDemandsNs(Samples, workload.Seed));
        }
        return curves;
    }

    /// <summary>A snapshot in which the functions with <paramref name="known"/>[f] have <paramref name="curves"/>[f],
    /// rank 1 and slice 0, and the others are unknown.</summary>
    public static PolicySnapshot Snapshot(long version, bool[] known, ServiceCurve[] curves)
    {
        var table = new FunctionPolicy[curves.Length];
        var published = new ServiceCurve?[curves.Length];
        for (int f = 0; f < curves.Length; f++)
        {
            table[f] = new FunctionPolicy(1, 0);
            published[f] = known[f] ? curves[f] : null;
        }
        return new PolicySnapshot(version, 0, table, (bool[])known.Clone(), published);
    }
}
