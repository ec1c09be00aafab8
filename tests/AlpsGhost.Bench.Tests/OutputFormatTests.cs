using System.Text.Json;
using AlpsGhost.Bench.Real;
using AlpsGhost.Kernel;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Tests;

/// <summary><c>--output table|json|csv</c> on alps-bench's commands: with json or csv stdout is one document (the
/// results, nothing else) and the progress goes to stderr.</summary>
public class OutputFormatTests
{
    [TestCase("json", "results.json")]
    [TestCase("csv", "results.csv")]
    public void RunPrintsExactlyTheResultsFileOnStdoutAndProgressOnStderr(string format, string file)
    {
        string workload = TestWorkloads.Write("tiny-output-" + format, TestWorkloads.Tiny);
        string root = Path.GetDirectoryName(workload)!;
        try
        {
            string outDir = Path.Combine(root, "out");
            (int rc, string output, string errors) = Cli.Run("run", "--workloads", workload, "--policies", "cfs,fifo", "--no-plots", "--out", outDir, "--output", format);
            Assert.That(rc, Is.Zero, errors);
            Assert.That(output, Is.EqualTo(File.ReadAllText(Path.Combine(outDir, file))), "stdout is the results file, byte for byte");
            Assert.That(errors, Does.Contain("2 runs (1 workloads x 2 policies x 1 seeds)"), "progress on stderr");
            if (format == "json")
            {
                Assert.That(JsonDocument.Parse(output).RootElement.GetArrayLength(), Is.EqualTo(2));
            }
            else
            {
                string[] lines = output.TrimEnd('\n').Split('\n');
                Assert.That(lines[0], Does.StartWith("workload,policy,seed,"));
                Assert.That(lines.Skip(1).Select(l => l.Split(',')[1]).Distinct(), Is.EquivalentTo(new[] { "cfs", "fifo" }), "rows of both runs");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void RunTableKeepsProgressOnStdout()
    {
        string workload = TestWorkloads.Write("tiny-output-table", TestWorkloads.Tiny);
        string root = Path.GetDirectoryName(workload)!;
        try
        {
            (int rc, string output, string errors) = Cli.Run("run", "--workloads", workload, "--policies", "cfs", "--no-plots", "--out", Path.Combine(root, "out"));
            Assert.That(rc, Is.Zero, errors);
            Assert.That(output, Does.Contain("1 runs (1 workloads x 1 policies x 1 seeds)").And.Contain("wrote"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void CalibrationRowsAsJsonAndCsvCarryEveryColumnAndNullForNothingCompleted()
    {
        var real = new LatencySummary(10, 10, 5.0, 4.5, 9.0, 1.2, 3, 2.0);
        var sim = new LatencySummary(10, 10, 5.5, 5.0, 9.9, 1.3, 3, 2.0);
        var none = new LatencySummary(0, 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, 0);
        var tables = new List<(FairClassModel, List<Calibration.Row>)>
        {
            (FairClassModel.Eevdf, [new Calibration.Row("short", real, sim), new Calibration.Row("io", none, none)]),
        };
        JsonElement json = JsonDocument.Parse(RealCommands.CalibrationJson(tables, ["a note"])).RootElement;
        JsonElement rows = json.GetProperty("fair_classes")[0].GetProperty("rows");
        Assert.That(json.GetProperty("fair_classes")[0].GetProperty("fair_class").GetString(), Is.EqualTo("eevdf"));
        Assert.That(rows[0].GetProperty("mean_error_percent").GetDouble(), Is.EqualTo(10).Within(1e-9));
        Assert.That(rows[0].GetProperty("p99_error_percent").GetDouble(), Is.EqualTo(10).Within(1e-9));
        Assert.That(rows[1].GetProperty("real_mean_ms").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.GetProperty("notes")[0].GetString(), Is.EqualTo("a note"));

        string[] csv = RealCommands.CalibrationCsv(tables).TrimEnd('\n').Split('\n');
        Assert.That(csv[0], Is.EqualTo("fair_class,group,count,real_mean_ms,sim_mean_ms,mean_error_percent,real_p99_ms,sim_p99_ms,p99_error_percent"));
        Assert.That(csv[1], Is.EqualTo("eevdf,short,10,5,5.5,10,9,9.9,10"));
        Assert.That(csv[2], Is.EqualTo("eevdf,io,0,,,,,,"), "NaN is an empty field");
    }

    [Test]
    public void FaultsCsvIsOneRowPerScenario()
    {
        (int rc, string output, string errors) = Cli.Run("faults", "--scenario", "baseline", "--output", "csv");
        Assert.That(rc, Is.Zero, errors);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Does.StartWith("scenario,arrived,completed,departed,lost,"));
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[1], Does.StartWith("baseline,").And.Contain(",true,"));
    }
}
