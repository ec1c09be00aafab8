using System.Text.RegularExpressions;

namespace AlpsGhost.Workloads.Tests;

/// <summary>The complete example in docs/workload-format.md loads and behaves as the text says.</summary>
public class DocumentationTests
{
    [Test]
    public void CompleteExampleLoadsAndSplitsAsDescribed()
    {
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "workload-format.md"));
        Match m = Regex.Match(doc, "## A complete example\\s+```jsonc\\n(?<json>.*?)```", RegexOptions.Singleline);
        Assert.That(m.Success, Is.True, "the example block exists");
        Workload w = WorkloadFile.Parse(m.Groups["json"].Value, "example.json", RepoPaths.Root, new WorkloadOverrides { CpuCount = 4, Seed = 2, DurationNs = 600_000_000_000 });
        Assert.That(w.Name, Is.EqualTo("example"));
        var stats = WorkloadStats.Compute(w);
        Assert.That(stats.Functions.Single(f => f.Name == "cron").Count, Is.EqualTo(4));
        Assert.That(w.Functions.Single(f => f.Name == "cron").InEnclave, Is.False);
        Assert.That(w.Functions.Single(f => f.Name == "thumb").StaticPolicy, Is.EqualTo(new StaticPolicy(1, 8_000_000)));
        double ratio = stats.Functions.Single(f => f.Name == "thumb").Count / (double)stats.Functions.Single(f => f.Name == "report").Count;
        Assert.That(ratio, Is.EqualTo(3.0).Within(0.6), "3 : 1 by weight (report is bursty: its count scatters more than Poisson)");
        Assert.That(stats.OfferedUtilization, Is.EqualTo(0.8).Within(0.1));
    }
}
