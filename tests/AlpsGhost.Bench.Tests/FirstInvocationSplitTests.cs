using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Output;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Tests;

/// <summary>The report's split of alps's distance to gittins-oracle: each function's first invocation (which no learner
/// can know) against all the others, summing to the difference of the means, and refused when the runs are not the
/// same invocations.</summary>
[TestFixture]
public sealed class FirstInvocationSplitTests
{
    // Function 0 at 0 ms (its first), function 1 at 1 ms (its first), function 0 again at 2 ms.
    private static readonly (int Function, long ArrivalMs)[] s_invocations = [(0, 0), (1, 1), (0, 2)];

    [Test]
    public void FirstInvocationsAndTheRestSumToTheDifferenceOfTheMeans()
    {
        // Completion times: alps 10, 20, 5 ms; the oracle 4, 20, 8 ms. Differences +6 (first), 0 (first), -3 (rest).
        var runs = new List<CaseResult> { Run("alps", 1, [10, 20, 5]), Run("gittins-oracle", 1, [4, 20, 8]) };

        FirstInvocationSplit.Split? split = FirstInvocationSplit.Of(runs, "alps", "gittins-oracle");

        Assert.That(split, Is.Not.Null);
        Assert.That(split!.Value.FirstInvocations, Is.EqualTo(2));
        Assert.That(split.Value.Invocations, Is.EqualTo(3));
        Assert.That(split.Value.FirstMs, Is.EqualTo(2.0).Within(1e-9), "(+6 + 0) / 3 invocations");
        Assert.That(split.Value.RestMs, Is.EqualTo(-1.0).Within(1e-9), "-3 / 3 invocations");
        double meanDifference = runs[0].Report.Overall.MeanMs - runs[1].Report.Overall.MeanMs;
        Assert.That(split.Value.FirstMs + split.Value.RestMs, Is.EqualTo(meanDifference).Within(1e-9));
    }

    [Test]
    public void SeedsWeighAsInTheReportedMeans()
    {
        var runs = new List<CaseResult>
        {
            Run("alps", 1, [10, 20, 5]), Run("gittins-oracle", 1, [4, 20, 8]),  // first +2, rest -1
            Run("alps", 2, [4, 20, 11]), Run("gittins-oracle", 2, [4, 20, 8]),  // first 0, rest +1
        };

        FirstInvocationSplit.Split split = FirstInvocationSplit.Of(runs, "alps", "gittins-oracle")!.Value;

        Assert.That(split.FirstInvocations, Is.EqualTo(4));
        Assert.That(split.FirstMs, Is.EqualTo(1.0).Within(1e-9));
        Assert.That(split.RestMs, Is.EqualTo(0.0).Within(1e-9));
    }

    [Test]
    public void RunsOfDifferentInvocationsOrAMissingSeedAreNotSplit()
    {
        CaseResult alps = Run("alps", 1, [10, 20, 5]);
        CaseResult shifted = Run("gittins-oracle", 1, [4, 20, 8], arrivalShiftMs: 1);

        Assert.That(FirstInvocationSplit.Of([alps, shifted], "alps", "gittins-oracle"), Is.Null, "arrivals differ");
        Assert.That(FirstInvocationSplit.Of([alps, Run("gittins-oracle", 2, [4, 20, 8])], "alps", "gittins-oracle"), Is.Null, "no oracle run of seed 1");
    }

    [Test]
    public void TheReportSaysWhereAlpsDiffersFromTheOracle()
    {
        var spec = new MatrixSpec(["w"], ["cfs", "alps", "gittins-oracle"], [1], 2, "queue-wakeup", null);
        var runs = new List<CaseResult> { Run("cfs", 1, [30, 30, 30]), Run("alps", 1, [10, 20, 5]), Run("gittins-oracle", 1, [4, 20, 8]) };

        string report = MarkdownReport.Write(spec, runs, new Dictionary<string, List<string>>());

        Assert.That(report, Does.Contain("each function's first invocation (2 of 3 invocations; no learner knows a function before it has run) +2.0 ms of the mean, all other invocations -1.0 ms."));
    }

    private static CaseResult Run(string policy, ulong seed, double[] completionMs, long arrivalShiftMs = 0)
    {
        var records = new List<CompletionRecord>();
        for (int i = 0; i < s_invocations.Length; i++)
        {
            long arrival = (s_invocations[i].ArrivalMs + arrivalShiftMs) * 1_000_000;
            records.Add(new CompletionRecord(s_invocations[i].Function, arrival, arrival + (long)(completionMs[i] * 1_000_000), 1_000_000, 0, Completed: true));
        }
        (LatencySummary overall, List<FunctionReport> lines) = RunReport.Summarise(records, [("f0", "g"), ("f1", "g")], 100_000_000);
        var report = new RunReport("w", policy, 2, seed, "sim", "queue-wakeup", 100_000_000, overall, lines, [], [], records);
        return new CaseResult("w", policy, seed, 2, "queue-wakeup", report, GroupResult.Of(records, ["g", "g"], ["g"], 100_000_000));
    }
}
