using AlpsGhost.Agent.Learning;
using CsCheck;

namespace AlpsGhost.Faults.Tests;

/// <summary>The learner's window file (CSV and JSON) on malformed input: only WindowFileException (naming the file) escapes.</summary>
public sealed class WindowFileProperties
{
    private const string Path = "fuzz-window";

    private const string ValidCsv = "function,arrival_ms,cpu_ms,blocked_ms,bursts,end_ms,completed\n"
        + "# a comment\n0,0,1.5,0,1,2,true\n1,0.5,12,3,2,20.5,false\n2,3,0.2,0,1,3.5,1\n";

    private const string ValidJson = "[{\"function\": 0, \"arrival_ms\": 0, \"cpu_ms\": 1.5, \"blocked_ms\": 0, \"bursts\": 1, \"end_ms\": 2, \"completed\": true},\n"
        + " {\"function\": 1, \"arrival_ms\": 0.5, \"cpu_ms\": 12, \"blocked_ms\": 3, \"bursts\": 2, \"end_ms\": 20.5, \"completed\": false}]";

    [Test]
    public void TheUnmutatedFilesParse()
    {
        Assert.That(WindowFile.ParseCsv(Path, ValidCsv), Has.Length.EqualTo(3));
        Assert.That(WindowFile.ParseJson(Path, ValidJson), Has.Length.EqualTo(2));
    }

    [Test]
    public void MutatedCsvThrowsOnlyWindowFileException() =>
        Fuzz.Holds(Fuzz.Mutated(ValidCsv), text => Fuzz.OnlyThrows<WindowFileException>(() => WindowFile.ParseCsv(Path, text), Path), iter: 3000);

    [Test]
    public void MutatedJsonThrowsOnlyWindowFileException() =>
        Fuzz.Holds(Fuzz.Mutated(ValidJson), text => Fuzz.OnlyThrows<WindowFileException>(() => WindowFile.ParseJson(Path, text), Path), iter: 3000);

    [Test]
    public void ArbitraryTextThrowsOnlyWindowFileException() =>
        Fuzz.Holds(Fuzz.TextOver("0123456789.,-e\n#truefals[]{}\":", 60), text =>
        {
            Fuzz.OnlyThrows<WindowFileException>(() => WindowFile.ParseCsv(Path, text), Path);
            Fuzz.OnlyThrows<WindowFileException>(() => WindowFile.ParseJson(Path, text), Path);
        }, iter: 3000);
}
