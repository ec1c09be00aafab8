using AlpsGhost.Bench.Matrix;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Output;

/// <summary>
/// Splits the mean-FCT difference between two policies run on the same invocations into the part carried by each
/// function's first invocation and the part carried by all the others.
/// </summary>
/// <remarks>
/// <para>Why: a learner cannot know a function before one of its invocations has run, while the gittins-oracle bound
/// knows every function's demand distribution from the start. On the synthetic hosts (hundreds of rarely invoked
/// functions) this split shows how much of alps's distance to the bound is such never-seen invocations, which no
/// learning can close (docs/alps-evaluation.md).</para>
/// <para>Invariants: the two parts sum to the difference of the two policies' seed-averaged means over the invocations
/// finished under both (the reported means' difference when every invocation finished); seeds weigh as in the reported
/// means (mean over seeds of each seed's mean). Runs are paired by seed, invocations by position; unless every seed of
/// <c>a</c> has a run of <c>b</c> listing the same invocations (function and arrival, in the same order), there is no
/// split.</para>
/// </remarks>
internal static class FirstInvocationSplit
{
    /// <summary>mean(a) - mean(b) in ms, split.</summary>
    /// <param name="FirstInvocations">Invocations that were their function's first, summed over the seeds.</param>
    /// <param name="Invocations">Paired invocations finished under both policies, summed over the seeds.</param>
    /// <param name="FirstMs">The first invocations' part of the difference of the means.</param>
    /// <param name="RestMs">The other invocations' part.</param>
    internal readonly record struct Split(int FirstInvocations, int Invocations, double FirstMs, double RestMs);

    /// <summary>The split of policy <paramref name="a"/>'s mean FCT minus <paramref name="b"/>'s, or null when the runs
    /// cannot be paired (a seed missing, records not kept, or different invocations).</summary>
    public static Split? Of(IReadOnlyList<CaseResult> runs, string a, string b)
    {
        ArgumentNullException.ThrowIfNull(runs);
        int seeds = 0, firstCount = 0, count = 0;
        double firstMs = 0, restMs = 0;
        foreach (CaseResult ra in runs)
        {
            if (ra.Policy != a)
            {
                continue;
            }
            CaseResult? rb = runs.FirstOrDefault(r => r.Policy == b && r.Seed == ra.Seed);
            if (rb is null || !TrySplitSeed(ra.Report.Records, rb.Report.Records, out Split seed))
            {
                return null;
            }
            seeds++;
            firstCount += seed.FirstInvocations;
            count += seed.Invocations;
            firstMs += seed.FirstMs;
            restMs += seed.RestMs;
        }
        return seeds == 0 ? null : new Split(firstCount, count, firstMs / seeds, restMs / seeds);
    }

    // One seed: each paired invocation adds (FCT under a - FCT under b) / paired count to its part.
    private static bool TrySplitSeed(IReadOnlyList<CompletionRecord> a, IReadOnlyList<CompletionRecord> b, out Split split)
    {
        split = default;
        if (a.Count == 0 || a.Count != b.Count)
        {
            return false;
        }
        // A function's first invocation: its earliest arrival (the earlier record on a tie).
        var firstOf = new Dictionary<int, int>();
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].FunctionId != b[i].FunctionId || a[i].ArrivalNs != b[i].ArrivalNs)
            {
                return false;
            }
            if (!firstOf.TryGetValue(a[i].FunctionId, out int j) || a[i].ArrivalNs < a[j].ArrivalNs)
            {
                firstOf[a[i].FunctionId] = i;
            }
        }
        int paired = 0, firstCount = 0;
        double firstNs = 0, restNs = 0;
        for (int i = 0; i < a.Count; i++)
        {
            if (!a[i].Completed || !b[i].Completed)
            {
                continue;
            }
            paired++;
            double difference = a[i].CompletionNs - (double)b[i].CompletionNs;
            if (firstOf[a[i].FunctionId] == i)
            {
                firstCount++;
                firstNs += difference;
            }
            else
            {
                restNs += difference;
            }
        }
        if (paired == 0)
        {
            return false;
        }
        split = new Split(firstCount, paired, firstNs / paired / 1e6, restNs / paired / 1e6);
        return true;
    }
}
