using System.Text.Json;

namespace AlpsGhost.Bench.Tests;

/// <summary><c>alps-bench run</c> end to end on a tiny matrix: 2 policies x 2 seeds at 2 CPUs.</summary>
[TestFixture]
public sealed class RunCommandTests
{
    private static readonly string[] s_summaryFields = ["tasks", "completed", "mean_fct_ms", "p50_fct_ms", "p99_fct_ms", "throughput_per_s"];
    private string _workload = "";
    private string _outA = "";
    private string _outB = "";
    private (int ExitCode, string Output, string Errors) _first;
    private (int ExitCode, string Output, string Errors) _second;

    [OneTimeSetUp]
    public void RunTwice()
    {
        _workload = TestWorkloads.Write("tiny", TestWorkloads.Tiny);
        string root = Path.GetDirectoryName(_workload)!;
        _outA = Path.Combine(root, "a");
        _outB = Path.Combine(root, "b");
        _first = Cli.Run("run", "--workloads", _workload, "--policies", "cfs,alps", "--seeds", "1,2", "--cpus", "2", "--agent-mode", "auto", "--out", _outA);
        _second = Cli.Run("run", "--workloads", _workload, "--policies", "cfs,alps", "--seeds", "1,2", "--cpus", "2", "--agent-mode", "auto", "--out", _outB);
    }

    [OneTimeTearDown]
    public void CleanUp() => Directory.Delete(Path.GetDirectoryName(_workload)!, recursive: true);

    [Test]
    public void Succeeds()
    {
        Assert.That(_first.ExitCode, Is.EqualTo(0), _first.Errors);
        Assert.That(_second.ExitCode, Is.EqualTo(0), _second.Errors);
    }

    [Test]
    public void ResultsJsonHasTheDocumentedFieldsForEveryRunInMatrixOrder()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outA, "results.json")));
        JsonElement[] runs = [.. doc.RootElement.EnumerateArray()];
        Assert.That(runs, Has.Length.EqualTo(4));
        string[] order = [.. runs.Select(r => r.GetProperty("policy").GetString() + "/" + r.GetProperty("seed").GetUInt64())];
        Assert.That(order, Is.EqualTo(new[] { "cfs/1", "cfs/2", "alps/1", "alps/2" }));
        foreach (JsonElement run in runs)
        {
            Assert.That(run.GetProperty("workload").GetString(), Is.EqualTo("tiny"));
            Assert.That(run.GetProperty("cpus").GetInt32(), Is.EqualTo(2));
            string expectedMode = run.GetProperty("policy").GetString() == "cfs" ? "none" : "queue-wakeup";
            Assert.That(run.GetProperty("agent_mode").GetString(), Is.EqualTo(expectedMode), "auto below 4 CPUs is queue-wakeup");
            AssertSummary(run.GetProperty("overall"));
            JsonElement groups = run.GetProperty("groups");
            Assert.That(groups.EnumerateObject().Select(g => g.Name), Is.EqualTo(new[] { "short", "long" }));
            int groupTasks = 0;
            foreach (JsonProperty g in groups.EnumerateObject())
            {
                AssertSummary(g.Value);
                groupTasks += g.Value.GetProperty("tasks").GetInt32();
            }
            Assert.That(groupTasks, Is.EqualTo(run.GetProperty("overall").GetProperty("tasks").GetInt32()), "groups partition the invocations");
            // A group's p99 lies between its p50 and the overall maximum; mean of a group is positive.
            JsonElement longGroup = groups.GetProperty("long");
            Assert.That(longGroup.GetProperty("p99_fct_ms").GetDouble(), Is.GreaterThanOrEqualTo(longGroup.GetProperty("p50_fct_ms").GetDouble()));
            Assert.That(longGroup.GetProperty("mean_fct_ms").GetDouble(), Is.GreaterThan(groups.GetProperty("short").GetProperty("mean_fct_ms").GetDouble()),
                "30 ms functions take longer than 2 ms ones: group aggregation must not mix them up");
        }
        Assert.That(runs[0].GetProperty("overall").GetProperty("tasks").GetInt32(), Is.EqualTo(runs[2].GetProperty("overall").GetProperty("tasks").GetInt32()),
            "the same seed gives every policy the same invocations");
    }

    private static void AssertSummary(JsonElement summary)
    {
        foreach (string field in s_summaryFields)
        {
            Assert.That(summary.TryGetProperty(field, out JsonElement v), Is.True, "missing " + field);
            Assert.That(v.ValueKind, Is.EqualTo(JsonValueKind.Number), field);
        }
        Assert.That(summary.GetProperty("completed").GetInt32(), Is.EqualTo(summary.GetProperty("tasks").GetInt32()));
    }

    [Test]
    public void SameSeedsGiveIdenticalResultsApartFromTheProvenance()
    {
        foreach (string file in new[] { "results.json", "results.csv", "report.md" })
        {
            string a = WithoutProvenance(File.ReadAllText(Path.Combine(_outA, file)));
            string b = WithoutProvenance(File.ReadAllText(Path.Combine(_outB, file)));
            Assert.That(b, Is.EqualTo(a), file + ": parallel runs must not change results or their order");
        }
    }

    [Test]
    public void ReportAndResultsJsonSayWhichCommitCommandAndMachineProducedThem()
    {
        string report = File.ReadAllText(Path.Combine(_outA, "report.md"));
        Assert.That(report, Does.Match(@"- commit: `[0-9a-f]{7,40}`"), "the commit the executable was built from");
        Assert.That(report, Does.Contain("- command: `alps-bench run --workloads").And.Contain("--seeds 1,2"));
        Assert.That(report, Does.Match(@"- date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"));
        Assert.That(report, Does.Contain(Environment.MachineName).And.Contain(Environment.ProcessorCount + " logical CPUs").And.Contain("load average"));
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outA, "results.json")));
        foreach (JsonElement run in doc.RootElement.EnumerateArray())
        {
            JsonElement p = run.GetProperty("provenance");
            Assert.That(p.GetProperty("commit").GetString(), Does.Match("^[0-9a-f]{7,40}$"));
            Assert.That(p.GetProperty("logical_cpus").GetInt32(), Is.EqualTo(Environment.ProcessorCount));
            Assert.That(p.GetProperty("command_line").GetString(), Does.StartWith("alps-bench run"));
        }
    }

    [Test]
    public void ResultsCsvHasOneRowPerRunAndGroupWithTheJsonFigures()
    {
        string[] lines = File.ReadAllLines(Path.Combine(_outA, "results.csv"));
        Assert.That(lines[0], Does.StartWith("workload,policy,seed,cpus,agent_mode,partial,watchdog_fired,group,tasks,completed,mean_fct_ms"));
        // 2 policies x 2 seeds x (all, short, long).
        Assert.That(lines, Has.Length.EqualTo(1 + 2 * 2 * 3));
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outA, "results.json")));
        JsonElement first = doc.RootElement[0];
        string[] row = lines[1].Split(',');
        Assert.That(row[7], Is.EqualTo("all"));
        Assert.That(double.Parse(row[10], System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(first.GetProperty("overall").GetProperty("mean_fct_ms").GetDouble()), "the CSV and the JSON carry the same figure");
    }

    // The provenance (date, load, command line with the output folder) is the one part that differs between runs.
    private static string WithoutProvenance(string text) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(text, @"(?m)^- (commit|command|date|machine): .*$", ""),
            @"""provenance"": \{[^}]*\},", "");

    [Test]
    public void ReportHasTheTableAndTheHeadlineAgainstCfs()
    {
        string report = File.ReadAllText(Path.Combine(_outA, "report.md"));
        Assert.That(report, Does.Contain("## tiny"));
        Assert.That(report, Does.Contain("| group | policy | invocations | unfinished | mean FCT | p50 FCT | p99 FCT |"));
        Assert.That(report, Does.Match(@"\| short \| alps \| \d+ \| 0 \| [\d.]+ \[[\d.]+-[\d.]+\]"), "per-group row: whole-number totals, then the min-max across seeds");
        Assert.That(report, Does.Match(@"\*\*alps vs cfs\*\*: mean FCT [+-]\d+\.\d %"), "headline in % against cfs");
        Assert.That(report, Does.Contain("Agent mode: **queue-wakeup**"));
    }

    [Test]
    public void PlotsAreValidPngsOfNonTrivialSize()
    {
        string[] pngs = Directory.GetFiles(_outA, "*.png");
        // A CDF, its tail (CCDF) and a bar chart for all, short and long.
        Assert.That(pngs.Select(Path.GetFileName), Is.SupersetOf(new[] { "cdf-tiny-all.png", "cdf-tiny-short.png", "cdf-tiny-long.png", "ccdf-tiny-all.png", "ccdf-tiny-short.png", "ccdf-tiny-long.png", "bars-tiny-all.png", "bars-tiny-short.png", "bars-tiny-long.png" }));
        byte[] magic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        foreach (string png in pngs)
        {
            byte[] bytes = File.ReadAllBytes(png);
            Assert.That(bytes.Take(8), Is.EqualTo(magic), png);
            Assert.That(bytes.Length, Is.GreaterThan(10_000), png + " is too small to hold a plot");
        }
    }
}
