using System.Text.Json;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Cli;
using AlpsGhost.Cli.Reporting;
using AlpsGhost.Service.Stats;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary><c>stats --output prometheus|table|json|csv</c>: every sample the agent serves, in each format, with
/// label values (quotes, commas) surviving the round trip.</summary>
public class StatsOutputTests
{
    private static AgentStatsSnapshot Snapshot()
    {
        var completions = new CompletionHistograms(4, idleNs: 60_000_000_000);
        completions.Record(0, 3_000_000, endNs: 1_000);
        completions.Record(1, 200_000_000, endNs: 1_000);
        return AgentStatsSnapshot.CaptureBackend("tick", "alps", 7, 5, 2, 0, [new("raised", 4)], 2_000, PolicySnapshot.Empty,
            ["resize", "say \"hi\", world"], null, completions);
    }

    [Test]
    public void ParsingTheTextFindsEverySampleAndUnescapesLabels()
    {
        string text = Snapshot().ToPrometheusText();
        List<StatsText.Sample> samples = StatsText.Parse(text);
        int sampleLines = text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        Assert.That(samples, Has.Count.EqualTo(sampleLines));
        StatsText.Sample count = samples.Single(s => s.Name == "alps_ghost_function_completion_seconds_count" && s.Labels[0].Value == "say \"hi\", world");
        Assert.That(count.Value, Is.EqualTo("1"));
        Assert.That(samples.Single(s => s.Name == "alps_ghost_rounds_total").Value, Is.EqualTo("7"));
    }

    [Test]
    public void GarbageIsAnErrorNamingTheLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => StatsText.Parse("alps_ghost_x{a=\"1\" 3\n"));
        Assert.That(e!.Message, Does.Contain("alps_ghost_x{a=\"1\" 3"));
    }

    [TestCase("prometheus")]
    [TestCase("table")]
    [TestCase("json")]
    [TestCase("csv")]
    public async Task EachFormatCarriesEverySample(string format)
    {
        string dir = Path.Combine(Path.GetTempPath(), "alps-stats-out-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            string socket = Path.Combine(dir, "stats.sock");
            AgentStatsSnapshot snapshot = Snapshot();
            await using var server = new StatsSocketServer(socket, () => snapshot);
            server.Start();
            var output = new StringWriter();
            var errors = new StringWriter();
            int code = AgentCommandLine.Run(["stats", "--socket", socket, "--output", format], output, errors);
            Assert.That(code, Is.Zero, errors.ToString());
            List<StatsText.Sample> expected = StatsText.Parse(snapshot.ToPrometheusText());
            string text = output.ToString();
            switch (format)
            {
                case "prometheus":
                    Assert.That(text, Is.EqualTo(snapshot.ToPrometheusText()));
                    break;
                case "table":
                    string[] rows = text.TrimEnd('\n').Split('\n');
                    Assert.That(rows[0], Does.StartWith("metric").And.Contain("labels").And.EndWith("value"));
                    Assert.That(rows, Has.Length.EqualTo(expected.Count + 1));
                    break;
                case "json":
                    Assert.That(text.TrimEnd('\n'), Does.Not.Contain("\n"), "one line per snapshot");
                    JsonElement root = JsonDocument.Parse(text).RootElement;
                    Assert.That(root.GetProperty("samples").GetArrayLength(), Is.EqualTo(expected.Count));
                    Assert.That(root.GetProperty("samples").EnumerateArray().Any(s =>
                        s.GetProperty("labels").TryGetProperty("function", out JsonElement f) && f.GetString() == "say \"hi\", world"), Is.True);
                    break;
                case "csv":
                    string[] lines = text.TrimEnd('\n').Split('\n');
                    Assert.That(lines[0], Is.EqualTo("at,metric,labels,value"));
                    Assert.That(lines, Has.Length.EqualTo(expected.Count + 1));
                    Assert.That(lines.Any(l => l.Contains(",alps_ghost_function_completion_seconds_count,\"function=say \"\"hi\"\", world\",1", StringComparison.Ordinal)), Is.True,
                        "a label value with quotes and a comma is one quoted CSV field");
                    break;
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
