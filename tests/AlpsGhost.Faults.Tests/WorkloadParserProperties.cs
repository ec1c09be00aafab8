using System.Diagnostics;
using AlpsGhost.Workloads;
using CsCheck;

namespace AlpsGhost.Faults.Tests;

/// <summary>WorkloadFile.Parse (synthetic forms and the Azure 2019 trace reader) on malformed input: only WorkloadFileException escapes, nothing hangs.</summary>
public sealed class WorkloadParserProperties
{
    private const string File = "fuzz-workload.json";
    private static readonly WorkloadOverrides s_overrides = new() { CpuCount = 2, Seed = 1 };

    /// <summary>A parse that takes long is a hang for a command-line tool fed a typo.</summary>
    /// <summary>
    /// Arrivals are generated eagerly: a mutation to a large but valid <c>duration_s</c> (up to a week is allowed)
    /// builds millions of invocations, which is slow by design, not a parser hang. The duration override keeps
    /// each parse to a few seconds of arrivals so the time bound below detects real hangs.
    /// </summary>
    private static readonly WorkloadOverrides s_bounded = new() { CpuCount = 2, Seed = 1, DurationNs = 5_000_000_000 };

    private static void ParseBounded(string json, string baseDir)
    {
        var watch = Stopwatch.StartNew();
        Fuzz.OnlyThrows<WorkloadFileException>(() => WorkloadFile.Parse(json, File, baseDir, s_bounded), File);
        // A hang detector, not a speed target: a bounded parse takes milliseconds, a hang never ends; 10 s leaves room
        // for a loaded 2-CPU CI machine running test assemblies side by side.
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(10_000), () => "parse took " + watch.ElapsedMilliseconds + " ms for:\n" + json);
    }

    [Test]
    public void MutatedBenchWorkloadsThrowOnlyWorkloadFileException()
    {
        string dir = Path.Combine(Fuzz.RepoRoot(), "bench", "workloads");
        var gens = new List<Gen<string>>();
        foreach (string path in Directory.GetFiles(dir, "*.json"))
        {
            string text = System.IO.File.ReadAllText(path);
            if (!text.Contains("\"trace\"", StringComparison.Ordinal))
            {
                gens.Add(Fuzz.Mutated(text));
            }
        }
        Assert.That(gens, Is.Not.Empty);
        Fuzz.Holds(Gen.OneOf([.. gens]), json => ParseBounded(json, dir), iter: 600);
    }

    [Test]
    public void ArbitraryTextThrowsOnlyWorkloadFileException()
    {
        Fuzz.Holds(Fuzz.TextOver("{}[]:,\"0123456789-.e functionsarivl_m", 40), json => ParseBounded(json, "."), iter: 2000);
    }

    [Test]
    public void MutatedTraceCsvThrowsOnlyWorkloadFileException()
    {
        string dir = Path.Combine(Path.GetTempPath(), "alps-faults-trace-" + Environment.ProcessId);
        string traceDir = Path.Combine(dir, "trace");
        Directory.CreateDirectory(traceDir);
        try
        {
            string minutes = string.Join(",", Enumerable.Range(1, 1440));
            string counts = string.Join(",", Enumerable.Repeat("3", 1440));
            string invocations = "HashOwner,HashApp,HashFunction,Trigger," + minutes + "\n"
                + "o1,a1,f1,http," + counts + "\n" + "o2,a2,f2,timer," + counts + "\n";
            string durations = "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\n"
                + "o1,a1,f1,4,100,1,20,1,2,3,4,5,11,20\n" + "o2,a2,f2,40,100,10,90,10,12,30,40,50,80,90\n";
            string workload = "{\"utilization\": 0.5, \"trace\": {\"format\": \"azure2019\", \"dir\": \"trace\", \"start_minute\": 0, \"minutes\": 1}}";
            System.IO.File.WriteAllText(Path.Combine(traceDir, "invocations.csv"), invocations);
            System.IO.File.WriteAllText(Path.Combine(traceDir, "durations.csv"), durations);
            Assert.That(WorkloadFile.Parse(workload, File, dir, s_overrides).Invocations, Is.Not.Empty, "the unmutated trace must parse");

            // Small edits in the CSV bodies (the JSON stays valid): the only failure allowed is a WorkloadFileException.
            Gen<(string, string)> gen = Gen.Select(Fuzz.Mutated(invocations[..400] + invocations[^300..]), Fuzz.Mutated(durations));
            Fuzz.Holds(gen, pair =>
            {
                System.IO.File.WriteAllText(Path.Combine(traceDir, "invocations.csv"), pair.Item1);
                System.IO.File.WriteAllText(Path.Combine(traceDir, "durations.csv"), pair.Item2);
                var watch = Stopwatch.StartNew();
                try
                {
                    WorkloadFile.Parse(workload, File, dir, s_overrides);
                }
                catch (WorkloadFileException e)
                {
                    Assert.That(e.Message, Does.Contain(".csv").Or.Contain(File), e.Message);
                }
                Assert.That(watch.ElapsedMilliseconds, Is.LessThan(5000));
            }, iter: 400);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
