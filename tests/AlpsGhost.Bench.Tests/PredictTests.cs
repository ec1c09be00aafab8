using AlpsGhost.Bench.Real;

namespace AlpsGhost.Bench.Tests;

/// <summary><c>alps-bench predict</c> and its error table: the verdict follows the bar, and a results file is read strictly.</summary>
[TestFixture]
public sealed class PredictTests
{
    private static PredictionError.GroupStat Stat(string policy, ulong seed, string group, int tasks, double mean, double p99) =>
        new("w", policy, seed, group, tasks, mean, p99);

    [Test]
    public void Compare_AveragesSeeds_AndJudgesOnlyLargeGroupsAgainstBothTolerances()
    {
        PredictionError.GroupStat[] real =
        [
            Stat("cfs", 1, "big", 150, 100, 1000), Stat("cfs", 2, "big", 150, 120, 1200), // 300 invocations, mean 110, p99 1100
            Stat("cfs", 1, "p99off", 300, 100, 1000),
            Stat("cfs", 1, "small", 199, 100, 1000),
        ];
        PredictionError.GroupStat[] sim =
        [
            Stat("cfs", 1, "big", 150, 105, 1300), Stat("cfs", 2, "big", 150, 115, 1000), // mean 110 (0 %), p99 1150 (+4.5 %)
            Stat("cfs", 1, "p99off", 300, 100, 1300), // p99 +30 %
            Stat("cfs", 1, "small", 199, 500, 9000),
            Stat("alps", 1, "big", 300, 1, 1), // no real twin: ignored
        ];
        List<PredictionError.Row> rows = PredictionError.Compare(real, sim);
        Assert.That(rows, Has.Count.EqualTo(3));
        PredictionError.Row big = rows.Single(r => r.Group == "big");
        Assert.That(big.Invocations, Is.EqualTo(300));
        Assert.That(big.MeanErrorPercent, Is.EqualTo(0).Within(1e-9));
        Assert.That(big.P99ErrorPercent, Is.EqualTo(50.0 / 1100 * 100).Within(1e-9));
        Assert.That(big.Within, Is.True);
        Assert.That(rows.Single(r => r.Group == "p99off").Within, Is.False, "a p99 30 % off misses even with an exact mean");
        PredictionError.Row small = rows.Single(r => r.Group == "small");
        Assert.That(small.Judged, Is.False, "199 invocations are too few to judge");
        Assert.That(PredictionError.Summary(rows), Does.StartWith("1 of 2 groups"));
    }

    [TestCase("{", "not valid JSON")]
    [TestCase("{}", "expected a JSON array")]
    [TestCase("[{\"workload\": \"w\", \"policy\": \"cfs\", \"seed\": -1, \"cpus\": 2}]", "'seed'")]
    [TestCase("[{\"workload\": \"w\", \"policy\": \"cfs\", \"seed\": 1, \"cpus\": 2}]", "'overall' is missing")]
    [TestCase("[{\"workload\": \"w\", \"policy\": \"cfs\", \"seed\": 1, \"cpus\": 2, \"overall\": {\"tasks\": 3, \"mean_fct_ms\": \"x\", \"p99_fct_ms\": 1}}]", "'mean_fct_ms'")]
    [TestCase("[]", "no runs")]
    public void MalformedResultsFile_IsAUsageErrorNamingTheField(string json, string expected)
    {
        string path = Path.Combine(Path.GetTempPath(), $"alps-predict-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            (int rc, _, string errors) = Cli.Run("predict", "--real", path);
            Assert.That(rc, Is.EqualTo(2));
            Assert.That(errors, Does.Contain(path).And.Contain(expected));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void PredictingARunsOwnResults_ReproducesThemExactly()
    {
        // The simulator is deterministic: predicting a simulated matrix with the same model must give zero error.
        (string workload, string dir, string results) = SimulatedMatrix("cfs,alps", "1,2", linuxHost: true);
        try
        {
            (int rc, string output, string errors) = Cli.Run("predict", "--real", results, "--workloads", workload, "--output", "csv");
            Assert.That(rc, Is.EqualTo(0), errors);
            string[] lines = output.Trim().Split('\n');
            Assert.That(lines, Has.Length.GreaterThan(2));
            foreach (string line in lines.Skip(1))
            {
                string[] f = line.Split(',');
                Assert.That(double.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(0), line);
                Assert.That(double.Parse(f[10], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(0), line);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Records_AreTheInvocationsEachPredictionWasComputedFrom()
    {
        // predict --records writes one twin.csv per run: one row per invocation, in schedule order, whose completion
        // times average to the run's predicted mean (so a per-invocation comparison compares what the table judged).
        (string workload, string dir, string results) = SimulatedMatrix("cfs,alps", "1", linuxHost: true);
        try
        {
            (int rc, _, string errors) = Cli.Run("predict", "--real", results, "--workloads", workload, "--records");
            Assert.That(rc, Is.Not.EqualTo(0), "--records without --out is refused");
            Assert.That(errors, Does.Contain("--records needs --out"));
            (rc, _, errors) = Cli.Run("predict", "--real", results, "--workloads", workload, "--records", "--out", Path.Combine(dir, "pred"));
            Assert.That(rc, Is.EqualTo(0), errors);
            using var predicted = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "pred", "sim-results.json")));
            foreach (System.Text.Json.JsonElement run in predicted.RootElement.EnumerateArray())
            {
                string csv = Path.Combine(dir, "pred", "runs", $"tiny-{run.GetProperty("policy").GetString()}-seed1", "twin.csv");
                string[] rows = File.ReadAllLines(csv);
                Assert.That(rows[0], Is.EqualTo("index,function,arrival_ns,end_ns,demand_ns,context_switches,completed"));
                System.Text.Json.JsonElement overall = run.GetProperty("overall");
                Assert.That(rows.Length - 1, Is.EqualTo(overall.GetProperty("tasks").GetInt32()), csv);
                double sumMs = 0;
                for (int i = 1; i < rows.Length; i++)
                {
                    string[] f = rows[i].Split(',');
                    Assert.That(int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(i - 1), "schedule order");
                    sumMs += (long.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture) - long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)) / 1e6;
                }
                Assert.That(sumMs / (rows.Length - 1), Is.EqualTo(overall.GetProperty("mean_fct_ms").GetDouble()).Within(1e-3), csv);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void CostsPerRun_EachRunIsPredictedWithTheBackgroundItMeasured()
    {
        // Two copies of one simulated run differ only in the background CPU their counters say they measured (0 % and
        // 30 % of the machine): with --costs-per-run the second must be predicted slower, without it both the same.
        (string workload, string dir, string results) = SimulatedMatrix("cfs", "1,2", linuxHost: true);
        try
        {
            var runs = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(results))!.AsArray();
            foreach (System.Text.Json.Nodes.JsonNode? run in runs)
            {
                long background = (ulong)run!["seed"]! == 2 ? 2_400_000_000 : 0; // 30 % of 2 CPUs x 4 s
                run["counters"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["invocations"] = 100, ["startup_cpu_ns"] = 250_000_000, ["launcher_cpu_ns"] = 50_000_000,
                    ["other_cpu_ns"] = background, ["wall_ns"] = 4_000_000_000,
                };
            }
            File.WriteAllText(results, runs.ToJsonString());
            string costs = RepoFiles.Path("bench/cost-profiles/firecracker-2vcpu-linux-6.18.json");

            double SimMean(ulong seed, bool perRun)
            {
                string one = Path.Combine(dir, $"seed{seed}.json");
                File.WriteAllText(one, new System.Text.Json.Nodes.JsonArray(runs.Single(r => (ulong)r!["seed"]! == seed)!.DeepClone()).ToJsonString());
                string[] args = ["predict", "--real", one, "--workloads", workload, "--costs", costs, "--output", "csv"];
                (int code, string output, string err) = Cli.Run(perRun ? [.. args, "--costs-per-run"] : args);
                Assert.That(code, Is.EqualTo(0), err);
                string all = output.Split('\n').Single(l => l.StartsWith("tiny,all,", StringComparison.Ordinal));
                return double.Parse(all.Split(',')[6], System.Globalization.CultureInfo.InvariantCulture);
            }

            // Seeds differ in invocations, so compare each seed with and without its own costs.
            Assert.That(SimMean(2, perRun: true), Is.GreaterThan(SimMean(2, perRun: false) * 1.1), "30 % background must slow the prediction");
            Assert.That(SimMean(1, perRun: true), Is.LessThan(SimMean(1, perRun: false)), "no background must speed it up against the profile's 0.6 %");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void CostsPerRun_WithoutAStockLinuxProfile_IsAUsageError()
    {
        (string workload, string dir, string results) = SimulatedMatrix("cfs", "1", linuxHost: false);
        try
        {
            (int rc, _, string errors) = Cli.Run("predict", "--real", results, "--workloads", workload, "--costs-per-run");
            Assert.That(rc, Is.EqualTo(2));
            Assert.That(errors, Does.Contain("--costs-per-run needs --costs"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // The tiny workload and a matrix of it simulated by `alps-bench run`, standing in for a real matrix: the workload
    // file, the folder holding everything (the caller deletes it) and the matrix's results.json.
    private static (string Workload, string Dir, string Results) SimulatedMatrix(string policies, string seeds, bool linuxHost)
    {
        string workload = TestWorkloads.Write("tiny", TestWorkloads.Tiny);
        string dir = Path.GetDirectoryName(workload)!;
        string[] args = ["run", "--workloads", workload, "--policies", policies, "--seeds", seeds, "--out", Path.Combine(dir, "out"), "--no-plots"];
        (int rc, _, string errors) = Cli.Run(linuxHost ? [.. args, "--host", "linux", "--fair-class", "eevdf"] : args);
        if (rc != 0)
        {
            Directory.Delete(dir, recursive: true);
        }
        Assert.That(rc, Is.EqualTo(0), errors);
        return (workload, dir, Path.Combine(dir, "out", "results.json"));
    }
}
