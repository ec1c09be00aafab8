namespace AlpsGhost.Workloads.Tests;

/// <summary>Every bad input is rejected with a message naming the file, where, the value, and what was expected.</summary>
public class ErrorTests
{
    private const string Ok = """{ "name": "f", "cpu": 5, "arrival": { "process": "poisson", "weight": 1 } }""";

    private static string With(string function) => $$"""{ "duration_s": 10, "utilization": 0.9, "functions": [ {{function}} ] }""";

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("negative mean", With("""{ "name": "f", "cpu": { "dist": "exponential", "mean": -5 }, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "$.functions[0].cpu.mean", "-5", "positive number of milliseconds");
        yield return Case("typo key", With("""{ "name": "f", "cpuu": 5, "cpu": 5, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "$.functions[0].cpuu", null, "one of name");
        yield return Case("unknown dist", With("""{ "name": "f", "cpu": { "dist": "gamma", "mean": 3 }, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "$.functions[0].cpu.dist", "\"gamma\"", "constant, exponential, lognormal, uniform, percentiles");
        yield return Case("utilization too high", """{ "duration_s": 10, "utilization": 2, "functions": [ """ + Ok + " ] }",
            "$.utilization", "2", "(0, 1.5]");
        yield return Case("percentiles not monotone", With("""{ "name": "f", "cpu": { "dist": "percentiles", "p0": 1, "p1": 2, "p25": 3, "p50": 2.5, "p75": 4, "p99": 5, "p100": 6 }, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "$.functions[0].cpu.p50", "2.5", ">= p25 (3)");
        yield return Case("missing arrival", With("""{ "name": "f", "cpu": 5 }"""),
            "$.functions[0].arrival", null, "arrival object");
        yield return Case("weight and rate", With("""{ "name": "f", "cpu": 5, "arrival": { "process": "poisson", "weight": 1, "rate_per_s": 3 } }"""),
            "$.functions[0].arrival.rate_per_s", null, "exactly one of weight");
        yield return Case("duration is a string", """{ "duration_s": "abc", "utilization": 0.9, "functions": [ """ + Ok + " ] }",
            "$.duration_s", "\"abc\"", "positive number of seconds");
        yield return Case("duplicate names", """{ "duration_s": 10, "utilization": 0.9, "functions": [ """ + Ok + ", " + Ok + " ] }",
            "$.functions[1].name", "\"f\"", "not used by an earlier function");
        yield return Case("negative bursts", With("""{ "name": "f", "cpu": 5, "io": { "bursts": -1, "block": 2 }, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "$.functions[0].io.bursts", "-1", "whole number of blocking waits");
        yield return Case("explicit times decrease", With("""{ "name": "f", "cpu": 5, "arrival": { "process": "explicit", "times_ms": [5, 3] } }"""),
            "$.functions[0].arrival.times_ms[1]", "3", ">= the previous one (5)");
        yield return Case("weights without utilization", """{ "duration_s": 10, "functions": [ """ + Ok + " ] }",
            "$.utilization", null, "target utilization");
        yield return Case("static rank zero", With("""{ "name": "f", "cpu": 5, "arrival": { "process": "poisson", "weight": 1 }, "static": { "rank": 0, "slice_ms": 8 } }"""),
            "$.functions[0].static.rank", "0", "rank >= 1");
        yield return Case("comm too long", With("""{ "name": "f", "comm": "a-very-long-command-name", "cpu": 5, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "$.functions[0].comm", "\"a-very-long-command-name\"", "1 to 15 characters");
        yield return Case("bad name", With("""{ "name": "has space", "cpu": 5, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "$.functions[0].name", "\"has space\"", "letters, digits");
        yield return Case("lognormal without cv", With("""{ "name": "f", "cpu": { "dist": "lognormal", "mean": 3 }, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "$.functions[0].cpu.cv", null, "coefficient of variation");
        yield return Case("fixed load above target", With("""{ "name": "heavy", "cpu": 1000, "arrival": { "process": "poisson", "rate_per_s": 10 } }, """ + Ok),
            "$.utilization", "0.9", "fixed-rate functions alone offer");
        yield return Case("two forms", """{ "duration_s": 10, "utilization": 0.9, "functions": [ """ + Ok + """ ], "synthetic": { "kind": "azure2019", "functions": 3 } }""",
            "$", null, "exactly one of functions, trace, synthetic");
        yield return Case("trace window past the day", """{ "utilization": 0.9, "trace": { "format": "azure2019", "dir": "../traces/azure2019/10", "start_minute": 1430, "minutes": 20 } }""",
            "$.trace.minutes", "20", "inside the day");
        yield return Case("trace with duration", """{ "duration_s": 5, "utilization": 0.9, "trace": { "format": "azure2019", "dir": "../traces/azure2019/10", "start_minute": 0, "minutes": 2 } }""",
            "$.duration_s", "5", "trace.minutes");
        yield return Case("synthetic size zero", """{ "duration_s": 10, "utilization": 0.9, "synthetic": { "kind": "azure2019", "functions": 0 } }""",
            "$.synthetic.functions", "0", "[1, 100000]");
    }

    private static TestCaseData Case(string name, string json, string path, string? value, string expected)
        => new TestCaseData(json, path, value, expected).SetName(name);

    [TestCaseSource(nameof(Cases))]
    public void BadFieldIsReportedPrecisely(string json, string path, string? value, string expected)
    {
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "bad.json", RepoPaths.Workloads, new WorkloadOverrides()))!;
        TestContext.Out.WriteLine(ex.Message);
        Assert.That(ex.File, Is.EqualTo("bad.json"));
        Assert.That(ex.JsonPath, Is.EqualTo(path));
        Assert.That(ex.Value, Is.EqualTo(value));
        Assert.That(ex.Expected, Does.Contain(expected));
        Assert.That(ex.Message, Does.StartWith($"bad.json: {path}: "));
        Assert.That(ex.Message, Does.Contain("expected " + ex.Expected));
        if (value is not null)
        {
            Assert.That(ex.Message, Does.Contain(value));
        }
    }

    [Test]
    public void MessageHasTheDocumentedShape()
    {
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(
            With("""{ "name": "f", "cpu": { "dist": "exponential", "mean": -5 }, "arrival": { "process": "poisson", "weight": 1 } }"""),
            "fib-groups.json", ".", new WorkloadOverrides()))!;
        Assert.That(ex.Message, Is.EqualTo("fib-groups.json: $.functions[0].cpu.mean: value -5 is not valid: expected a positive number of milliseconds, at most 3600000 ms (one hour)"));
    }

    [Test]
    public void MalformedJsonGivesLineAndColumn()
    {
        const string json = "{\n  \"duration_s\": 10,\n  \"functions\": [ { \"name\": \"f\" ,, } ]\n}";
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "broken.json", ".", new WorkloadOverrides()))!;
        Assert.That(ex.JsonPath, Does.StartWith("line 3, column "));
        Assert.That(ex.Message, Does.StartWith("broken.json: line 3, column").And.Contain("malformed JSON").And.Contain("expected well-formed JSON"));
        Assert.That(ex.Message, Does.Not.Contain("LineNumber"), "only our 1-based position, not the parser's 0-based one");
    }

    [Test]
    public void MissingTraceFileNamesThePath()
    {
        string dir = Path.Combine(Path.GetTempPath(), "alps-ghost-no-such-trace-" + Guid.NewGuid().ToString("N"));
        string json = $$"""{ "utilization": 0.9, "trace": { "format": "azure2019", "dir": "{{dir}}", "start_minute": 0, "minutes": 1 } }""";
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "replay.json", ".", new WorkloadOverrides()))!;
        string expectedPath = Path.Combine(dir, "invocations.csv");
        Assert.That(ex.JsonPath, Is.EqualTo("$.trace.dir"));
        Assert.That(ex.Value, Is.EqualTo(expectedPath));
        Assert.That(ex.Message, Does.Contain(expectedPath).And.StartWith("replay.json: $.trace.dir: file not found"));
    }

    [Test]
    public void BadCsvValueNamesTheCsvLineAndColumn()
    {
        string dir = Directory.CreateTempSubdirectory("alps-ghost-trace-").FullName;
        try
        {
            string header = "HashOwner,HashApp,HashFunction,Trigger," + string.Join(',', Enumerable.Range(1, 1440));
            string row = "o,a,f,http," + string.Join(',', Enumerable.Range(1, 1440).Select(m => m == 2 ? "x7" : "3"));
            File.WriteAllLines(Path.Combine(dir, "invocations.csv"), [header, row]);
            File.WriteAllLines(Path.Combine(dir, "durations.csv"),
            [
                "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100",
                "o,a,f,5,10,1,9,1,2,3,4,5,6,9",
            ]);
            string json = $$"""{ "utilization": 0.9, "trace": { "format": "azure2019", "dir": "{{dir}}", "start_minute": 0, "minutes": 3 } }""";
            var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "replay.json", ".", new WorkloadOverrides()))!;
            Assert.That(ex.File, Is.EqualTo(Path.Combine(dir, "invocations.csv")));
            Assert.That(ex.JsonPath, Is.EqualTo("line 2, column 2"));
            Assert.That(ex.Value, Is.EqualTo("x7"));

            // The same files with a good cell load, and the one function replays its counts (3 per minute, scaled).
            File.WriteAllLines(Path.Combine(dir, "invocations.csv"), [header, row.Replace("x7", "3")]);
            Workload w = WorkloadFile.Parse(json.Replace("\"utilization\": 0.9, ", ""), "replay.json", ".", new WorkloadOverrides());
            Assert.That(w.Invocations, Has.Count.EqualTo(9), "without a target the trace replays at its own rate");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("\"cpu\": 1e300", "$.functions[0].cpu")]
    [TestCase("\"cpu\": 3600000.5", "$.functions[0].cpu")]
    [TestCase("\"cpu\": { \"dist\": \"exponential\", \"mean\": 1e10 }", "$.functions[0].cpu.mean")]
    [TestCase("\"cpu\": 5, \"io\": { \"bursts\": 1, \"block\": 9.3e12 }", "$.functions[0].io.block")]
    [TestCase("\"cpu\": { \"dist\": \"uniform\", \"min\": 1, \"max\": 1e12 }", "$.functions[0].cpu.max")]
    public void TimesBeyondTheDocumentedBoundAreRejected(string cpuAndIo, string path)
    {
        // Protects issue 17 items 2-3: these overflowed the clock (silent wrong result) or hung the simulator.
        string json = $$"""{ "duration_s": 1, "functions": [ { "name": "f", {{cpuAndIo}}, "arrival": { "process": "explicit", "times_ms": [0] } } ] }""";
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "huge.json", ".", new WorkloadOverrides()))!;
        Assert.That(ex.JsonPath, Is.EqualTo(path));
        Assert.That(ex.Message, Does.Contain("at most 3600000 ms (one hour)"));
    }

    [Test]
    public void TailSamplesAreCutAtThePhaseBound()
    {
        // A heavy-tailed distribution within the bound may still draw beyond it: the sample is cut, never wrapped.
        const string json = """{ "duration_s": 100, "functions": [ { "name": "f", "cpu": { "dist": "lognormal", "mean": 3000000, "cv": 20 }, "arrival": { "process": "poisson", "rate_per_s": 10 } } ] }""";
        Workload w = WorkloadFile.Parse(json, "tail.json", ".", new WorkloadOverrides { Seed = 3 });
        Assert.That(w.Invocations.Max(i => i.CpuDemandNs), Is.EqualTo(WorkloadLimits.MaxPhaseNs), "some samples reach the bound");
        Assert.That(w.Invocations.All(i => i.CpuDemandNs is > 0 and <= WorkloadLimits.MaxPhaseNs), Is.True);
    }

    [Test]
    public void AnExplicitArrivalBeyondAWeekIsRejected()
    {
        const string json = """{ "duration_s": 1, "functions": [ { "name": "f", "cpu": 1, "arrival": { "process": "explicit", "times_ms": [0, 604800000] } } ] }""";
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "late.json", ".", new WorkloadOverrides()))!;
        Assert.That(ex.JsonPath, Is.EqualTo("$.functions[0].arrival.times_ms[1]"));
    }

    [TestCase("/dev/zero", "character device")]
    [TestCase("/tmp", "directory")]
    public void ANonRegularFileIsAClearErrorNotAHangOrCrash(string path, string kind)
    {
        // Protects issue 17 item 7: /dev/zero as --workload ran out of memory (no size limit, no type check).
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Load(path, new WorkloadOverrides()))!;
        Assert.That(ex.Message, Does.StartWith(path).And.Contain($"is a {kind}, not a regular file"));
    }

    [Test]
    public void DuplicateTraceRowsAreRejectedNotTurnedIntoExtraFunctions()
    {
        // Protects issue 17 item 10: a repeated (owner, app, function) row silently became a second function.
        string dir = Directory.CreateTempSubdirectory("alps-ghost-trace-").FullName;
        try
        {
            string header = "HashOwner,HashApp,HashFunction,Trigger," + string.Join(',', Enumerable.Range(1, 1440));
            string row = "o,a,f,http," + string.Join(',', Enumerable.Range(1, 1440).Select(_ => "3"));
            File.WriteAllLines(Path.Combine(dir, "invocations.csv"), [header, row, row]);
            File.WriteAllLines(Path.Combine(dir, "durations.csv"),
            [
                "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100",
                "o,a,f,5,10,1,9,1,2,3,4,5,6,9",
            ]);
            string json = $$"""{ "trace": { "format": "azure2019", "dir": "{{dir}}", "start_minute": 0, "minutes": 3 } }""";
            var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "replay.json", ".", new WorkloadOverrides()))!;
            Assert.That(ex.File, Is.EqualTo(Path.Combine(dir, "invocations.csv")));
            Assert.That(ex.JsonPath, Is.EqualTo("line 3"));
            Assert.That(ex.Message, Does.Contain("duplicate of the row on line 2"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void AbsurdlyLargeWorkloadIsRejectedBeforeDrawing()
    {
        const string json = """{ "duration_s": 3600, "utilization": 1, "functions": [ { "name": "tiny", "cpu": 0.001, "arrival": { "process": "poisson", "weight": 1 } } ] }""";
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "big.json", ".", new WorkloadOverrides { CpuCount = 64 }))!;
        Assert.That(ex.Message, Does.StartWith("big.json: $: the workload would have about 2.30E+011 invocations"));
    }

    [Test]
    public void MissingWorkloadFileIsAWorkloadFileException()
    {
        var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Load("/nonexistent/x.json", new WorkloadOverrides()))!;
        Assert.That(ex.File, Is.EqualTo("/nonexistent/x.json"));
    }

    [Test]
    public void BadOverridesAreArgumentErrors()
    {
        string json = With(Ok);
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkloadFile.Parse(json, "f.json", ".", new WorkloadOverrides { CpuCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkloadFile.Parse(json, "f.json", ".", new WorkloadOverrides { Utilization = 1.6 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkloadFile.Parse(json, "f.json", ".", new WorkloadOverrides { DurationNs = 0 }));
    }
}
