using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Matrix;

/// <summary>One function group's completion times in one run, recomputed from the run's records (exact percentiles).</summary>
/// <param name="Group">Group name (the workload's <c>group</c>; <c>all</c> for every invocation).</param>
/// <param name="Summary">Statistics of the group's invocations.</param>
/// <param name="CompletionsMs">Completion times of the finished invocations, ascending, ms (for CDFs).</param>
internal sealed record GroupResult(string Group, LatencySummary Summary, double[] CompletionsMs)
{
    /// <summary>Name of the pseudo-group with every invocation.</summary>
    public const string All = "all";

    /// <summary>Groups of <paramref name="records"/> by <paramref name="groupOfFunction"/>, in <paramref name="groups"/> order, <c>all</c> first.</summary>
    public static List<GroupResult> Of(IReadOnlyList<CompletionRecord> records, IReadOnlyList<string> groupOfFunction,
        IReadOnlyList<string> groups, long spanNs)
    {
        var result = new List<GroupResult>(groups.Count + 1) { Build(All, records, spanNs) };
        foreach (string g in groups)
        {
            var mine = new List<CompletionRecord>();
            foreach (CompletionRecord r in records)
            {
                if (groupOfFunction[r.FunctionId] == g)
                {
                    mine.Add(r);
                }
            }
            result.Add(Build(g, mine, spanNs));
        }
        return result;
    }

    private static GroupResult Build(string group, IReadOnlyList<CompletionRecord> records, long spanNs)
    {
        var completions = new List<double>(records.Count);
        foreach (CompletionRecord r in records)
        {
            if (r.Completed)
            {
                completions.Add(r.CompletionNs / 1e6);
            }
        }
        completions.Sort();
        return new GroupResult(group, LatencySummary.Of(records, spanNs), [.. completions]);
    }
}
