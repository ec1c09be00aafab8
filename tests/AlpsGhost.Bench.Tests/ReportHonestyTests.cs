using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Output;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Tests;

/// <summary>report.md says what the numbers are: watchdog firings counted from the counter, every contaminated
/// comparison marked in the headline, whole-number counts, durations in human units, partial matrices flagged.</summary>
[TestFixture]
public sealed class ReportHonestyTests
{
    private static readonly MatrixSpec s_spec = new(["w"], ["alps", "sfs", "srpt"], [1, 2], 2, "queue-wakeup", null);

    [Test]
    public void SrptNoteWatchdogOffIsNotCountedAsAFiring()
    {
        // Two srpt runs carry the note "watchdog off"; only one alps run really fired.
        var results = new List<CaseResult>
        {
            Run("alps", 1, watchdog: true), Run("alps", 2),
            Run("sfs", 1), Run("sfs", 2),
            Run("srpt", 1, note: "srpt: runnable_timeout watchdog off (the oracle bound starves long tasks by design)"),
            Run("srpt", 2, note: "srpt: runnable_timeout watchdog off (the oracle bound starves long tasks by design)"),
        };
        string report = MarkdownReport.Write(s_spec, results, new Dictionary<string, List<string>>());
        Assert.That(report, Does.Contain("watchdog fired in 1 of 6 runs"));
    }

    [Test]
    public void EveryContaminatedPolicyOfTheComparisonIsMarkedInTheHeadline()
    {
        var results = new List<CaseResult>
        {
            Run("alps", 1), Run("alps", 2),
            Run("sfs", 1, watchdog: true), Run("sfs", 2, watchdog: true),
            Run("srpt", 1), Run("srpt", 2),
        };
        string report = MarkdownReport.Write(s_spec, results, new Dictionary<string, List<string>>());
        string headline = report[report.IndexOf("### Headline", StringComparison.Ordinal)..report.IndexOf("### Completion time", StringComparison.Ordinal)];
        Assert.That(headline, Does.Contain("**Caution (sfs):** 2 of 2 sfs runs are not sfs alone"));
        Assert.That(headline, Does.Not.Contain("Caution (alps)").And.Not.Contain("Caution (srpt)"), "clean policies carry no caution");
    }

    [Test]
    public void CountsAreWholeNumbersAndNanosecondCountersReadInUnits()
    {
        // Seeds with 3 and 4 invocations: a seed-average would print 3.5.
        var results = new List<CaseResult> { Run("alps", 1, invocations: 3), Run("alps", 2, invocations: 4), Run("sfs", 1, invocations: 3), Run("sfs", 2, invocations: 4) };
        string report = MarkdownReport.Write(s_spec with { Policies = ["alps", "sfs"] }, results, new Dictionary<string, List<string>>());
        Assert.That(report, Does.Contain("| all | alps | 7 | 0 |"));
        Assert.That(report, Does.Not.Contain("3.5 / 3.5"));
        Assert.That(report, Does.Contain("| agent_cpu | 1.5 ms | 1.5 ms |"), "agent_cpu_ns = 1,500,000 reads as 1.5 ms");
    }

    [Test]
    public void PartialMatrixIsFlaggedAtTheTopAndPerRun()
    {
        var results = new List<CaseResult> { Run("alps", 1), Run("sfs", 1, partial: true) };
        var completeness = new MatrixCompleteness(4, results);
        string report = MarkdownReport.Write(s_spec with { Policies = ["alps", "sfs"] }, results, new Dictionary<string, List<string>>(), null, completeness);
        Assert.That(report, Does.Contain("**PARTIAL: cancelled (SIGINT): 1 of 4 runs complete, 1 stopped early, 2 not started.**"));
        Assert.That(report, Does.Contain("- sfs seed 1: PARTIAL"));
        Assert.That(report, Does.Contain("**Caution (sfs):**"));
    }

    [TestCase(999, "999 ns")]
    [TestCase(12_345, "12.35 µs")]
    [TestCase(4_560_000, "4.56 ms")]
    [TestCase(7_890_000_000, "7.89 s")]
    public void DurationsPickTheirUnit(double ns, string expected) => Assert.That(HumanUnits.Duration(ns), Is.EqualTo(expected));

    private static CaseResult Run(string policy, ulong seed, bool watchdog = false, string? note = null, int invocations = 3, bool partial = false)
    {
        var records = new List<CompletionRecord>();
        for (int i = 0; i < invocations; i++)
        {
            records.Add(new CompletionRecord(0, i * 1_000_000L, i * 1_000_000L + 2_000_000, 1_000_000, 1, Completed: true));
        }
        (LatencySummary overall, List<FunctionReport> lines) = RunReport.Summarise(records, [("f", "g")], 10_000_000);
        var counters = new List<KeyValuePair<string, long>> { new("agent_cpu_ns", 1_500_000), new(RunFlags.WatchdogCounter, watchdog ? 1 : 0) };
        var report = new RunReport("w", policy, 2, seed, "sim", "queue-wakeup", 10_000_000, overall, lines, counters, note is null ? [] : [note], records) { Partial = partial };
        return new CaseResult("w", policy, seed, 2, "queue-wakeup", report, GroupResult.Of(records, ["g"], ["g"], 10_000_000));
    }
}
