using System.Globalization;
using System.Text;
using System.Text.Json;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>Window files (CSV/JSON), their errors, and the offline what-if result.</summary>
public sealed class OfflineLearningTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "alps-learner-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Ms(long ns) => (ns / 1e6).ToString(CultureInfo.InvariantCulture);

    private static string WorkedExampleCsv()
    {
        var sb = new StringBuilder(WindowFile.Header).Append('\n');
        foreach (InvocationRecord r in Records.WorkedExampleWindow())
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.FunctionId},{Ms(r.ArrivalNs)},{Ms(r.CpuNs)},{Ms(r.BlockedNs)},{r.Bursts},{Ms(r.EndNs)},{(r.Completed ? "true" : "false")}\n");
        }
        return sb.ToString();
    }

    [Test]
    public void WorkedExampleFromACsvFileGivesTheDocumentedSlices()
    {
        string path = Write("window.csv", WorkedExampleCsv());
        OfflineResult result = OfflineLearning.Run(path, 80);
        Assert.That(result.Records, Is.EqualTo(288));
        Assert.That(result.Functions.Select(f => (f.FunctionId, f.Rank, f.SliceMs)),
            Is.EqualTo(new[] { (1, 1, 5L), (3, 2, 10L), (6, 3, 43L), (8, 4, 72L), (14, 5, 140L), (21, 6, 140L) }));

        using JsonDocument json = JsonDocument.Parse(result.ToJson());
        JsonElement uid3 = json.RootElement.GetProperty("functions")[1];
        Assert.That(uid3.GetProperty("function").GetInt32(), Is.EqualTo(3));
        Assert.That(uid3.GetProperty("segments").GetProperty("count").GetInt32(), Is.EqualTo(6));
        Assert.That(uid3.GetProperty("segments").GetProperty("mean").GetDouble(), Is.EqualTo(22.5));
        Assert.That(uid3.GetProperty("segments").GetProperty("min").GetInt32(), Is.EqualTo(8));
        Assert.That(uid3.GetProperty("segments").GetProperty("max").GetInt32(), Is.EqualTo(30));
        Assert.That(uid3.GetProperty("slice_ms").GetInt64(), Is.EqualTo(10));
        Assert.That(json.RootElement.GetProperty("mode").GetString(), Is.EqualTo("reference"));
        Assert.That(result.ToJson(), Is.EqualTo(OfflineLearning.Run(path, 80).ToJson()), "JSON output is deterministic");
    }

    [Test]
    public void JsonWindowGivesTheSameResultAsCsv()
    {
        var sb = new StringBuilder("[\n");
        InvocationRecord[] records = Records.WorkedExampleWindow();
        for (int i = 0; i < records.Length; i++)
        {
            InvocationRecord r = records[i];
            sb.Append(CultureInfo.InvariantCulture,
                $"{{\"function\":{r.FunctionId},\"arrival_ms\":{Ms(r.ArrivalNs)},\"cpu_ms\":{Ms(r.CpuNs)},\"blocked_ms\":0,\"bursts\":1,\"end_ms\":{Ms(r.EndNs)},\"completed\":true}}");
            sb.Append(i + 1 < records.Length ? ",\n" : "\n");
        }
        sb.Append(']');
        OfflineResult fromJson = OfflineLearning.Run(Write("window.json", sb.ToString()), 30);
        OfflineResult fromCsv = OfflineLearning.Run(Write("window.csv", WorkedExampleCsv()), 30);
        Assert.That(fromJson.Functions, Is.EqualTo(fromCsv.Functions));
        Assert.That(fromJson.Functions.Select(f => f.SliceMs), Is.EqualTo(new long[] { 8, 14, 62, 103, 200, 200 }));
    }

    [Test]
    public void MultiModeUsesEveryRecordOnTheGivenCpus()
    {
        string path = Write("w.csv", WindowFile.Header + "\n1,0,30,0,1,30,true\n1,0,30,0,1,30,true\n2,2,5,1.5,2,9,false\n");
        OfflineResult r = OfflineLearning.Run(path, 30, SimulationMode.Multi, "avg", cpuCount: 2);
        // Same schedule as SrptSimulatorTests.TwoCpusPreemptTheLongestRunningJob: function 1 segments 30, 8, 22.
        Assert.That(r.Functions[0].FunctionId, Is.EqualTo(2));
        Assert.That(r.Functions[1].Segments, Is.EqualTo(new SegmentStatistics(3, 20, Math.Sqrt(248 / 3.0), 8, 30)));
        Assert.That(r.ToJson(), Does.Contain("\"mode\": \"multi\"").And.Contain("\"cpus\": 2"));
    }

    [TestCase("function,arrival_ms,cpu_ms\n1,0,5\n", 1, "(header)")]
    [TestCase(WindowFile.Header + "\n1,0,5,0,1,5\n", 2, "(row)")]
    [TestCase(WindowFile.Header + "\n# comment\n\n1,0,abc,0,1,5,true\n", 4, "cpu_ms")]
    [TestCase(WindowFile.Header + "\n-3,0,5,0,1,5,true\n", 2, "function")]
    [TestCase(WindowFile.Header + "\n1,0,5,0,1.5,5,true\n", 2, "bursts")]
    [TestCase(WindowFile.Header + "\n1,10,5,0,1,4,true\n", 2, "end_ms")]
    [TestCase(WindowFile.Header + "\n1,0,5,0,1,5,yes\n", 2, "completed")]
    [TestCase(WindowFile.Header + "\n1,0,NaN,0,1,5,true\n", 2, "cpu_ms")]
    [TestCase("", 1, "(header)")]
    public void CsvErrorsNameFileLineColumnValueAndExpectation(string text, int line, string column)
    {
        string path = Write("bad.csv", text);
        var ex = Assert.Throws<WindowFileException>(() => WindowFile.Load(path));
        Assert.That((ex!.FilePath, ex.Line, ex.Column), Is.EqualTo((path, (long)line, column)));
        Assert.That(ex.Message, Does.StartWith($"{path}:{line}: column '{column}'").And.Contain("expected"));
    }

    [Test]
    public void ErrorMessageCarriesTheOffendingValue()
    {
        string path = Write("bad.csv", WindowFile.Header + "\n1,0,abc,0,1,5,true\n");
        var ex = Assert.Throws<WindowFileException>(() => WindowFile.Load(path));
        Assert.That(ex!.Value, Is.EqualTo("abc"));
        Assert.That(ex.Message, Does.Contain("value 'abc'").And.Contain("non-negative number of milliseconds"));
    }

    [Test]
    public void JsonErrorsNameTheRecordAndField()
    {
        string path = Write("bad.json", "[{\"function\":1,\"arrival_ms\":0,\"cpu_ms\":5,\"blocked_ms\":0,\"bursts\":1,\"end_ms\":5,\"completed\":true},\n {\"function\":1}]");
        var ex = Assert.Throws<WindowFileException>(() => WindowFile.Load(path));
        Assert.That((ex!.Line, ex.Column, ex.Value), Is.EqualTo((2L, "arrival_ms", "(missing)")));

        string broken = Write("broken.json", "[\n{\"function\": 1,,}\n]");
        var ex2 = Assert.Throws<WindowFileException>(() => WindowFile.Load(broken));
        Assert.That(ex2!.Line, Is.EqualTo(2));
        Assert.That(ex2.Expected, Does.StartWith("well-formed JSON"));
    }

    [TestCase("cpu_ms", "\"5\"")]
    [TestCase("function", "\"1\"")]
    [TestCase("completed", "\"true\"")]
    public void JsonFieldsMustHaveTheirJsonType(string field, string quoted)
    {
        // Protects issue 17 item 10: "cpu_ms": "5" was accepted as 5 (a string is not a number in JSON).
        string good = "{\"function\":1,\"arrival_ms\":0,\"cpu_ms\":5,\"blocked_ms\":0,\"bursts\":1,\"end_ms\":5,\"completed\":true}";
        string value = field == "completed" ? "true" : field == "function" ? "1" : "5";
        string path = Write("typed.json", "[" + good.Replace($"\"{field}\":{value}", $"\"{field}\":{quoted}", StringComparison.Ordinal) + "]");
        var ex = Assert.Throws<WindowFileException>(() => WindowFile.Load(path));
        Assert.That((ex!.Line, ex.Column, ex.Value), Is.EqualTo((1L, field, quoted)));
    }

    [Test]
    public void ADeviceOrHugeFileIsAWindowFileErrorNotAnOutOfMemoryCrash()
    {
        // Protects issue 17 item 7: /dev/zero as --window ran out of memory.
        var ex = Assert.Throws<WindowFileException>(() => WindowFile.Load("/dev/zero"));
        Assert.That(ex!.Message, Does.Contain("/dev/zero is a character device, not a regular file"));
    }

    [Test]
    public void MissingFileIsAWindowFileError()
    {
        string path = Path.Combine(_dir, "nope.csv");
        var ex = Assert.Throws<WindowFileException>(() => WindowFile.Load(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("a readable window file"));
    }

    [Test]
    public void UtilizationOutOfRangeIsRejectedBeforeReading() =>
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => OfflineLearning.Run(Path.Combine(_dir, "x.csv"), 120))!.ParamName,
            Is.EqualTo("utilizationPercent"));
}
