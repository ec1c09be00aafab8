using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Output;
using AlpsGhost.Workloads;

namespace AlpsGhost.Bench.Tests;

/// <summary>A matrix holds only what its report reads: workloads while their runs are in flight, records only of the
/// runs the report reads invocation by invocation; the numbers do not change.</summary>
[TestFixture]
public sealed class MatrixMemoryTests
{
    [Test]
    public void AWorkloadIsDrawnForItsRunsAndDroppedAfterTheLastWithTheSameInvocationsEveryTime()
    {
        string file = TestWorkloads.Write("tiny", TestWorkloads.Tiny);
        var overrides = new WorkloadOverrides { CpuCount = 2, Seed = 3 };
        Workload reference = WorkloadFile.Load(file, overrides);
        var source = new WorkloadSource(WorkloadFile.LoadStreamed(file, overrides));
        source.AddRuns(2);
        Assert.That(source.IsLoaded, Is.False, "nothing is held between the plan and the first run");
        Assert.That(source.Name, Is.EqualTo(reference.Name));
        File.WriteAllText(file, "{ broken"); // the file changes (or breaks) while the matrix runs: the runs do not see it

        Workload first = source.Acquire();
        Workload second = source.Acquire();
        Assert.That(second, Is.SameAs(first), "runs in flight share one copy");
        source.Release();
        Assert.That(source.IsLoaded, Is.True, "one run of two is still to come");
        source.Release();
        Assert.That(source.IsLoaded, Is.False, "dropped after its last run");

        Workload again = source.Acquire(); // a later pass (alps-bench real after its simulated one): drawn again
        Assert.That(again.Invocations, Has.Count.EqualTo(reference.Invocations.Count));
        for (int i = 0; i < reference.Invocations.Count; i++)
        {
            Assert.That((again.Invocations[i].ArrivalNs, again.Invocations[i].FunctionId, again.Invocations[i].CpuDemandNs),
                Is.EqualTo((reference.Invocations[i].ArrivalNs, reference.Invocations[i].FunctionId, reference.Invocations[i].CpuDemandNs)), $"invocation {i}");
        }
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Test]
    public void RunsTheReportDoesNotReadKeepTheirSummariesButNotTheirRecords()
    {
        string file = TestWorkloads.Write("tiny", TestWorkloads.Tiny);
        var spec = new MatrixSpec([file], ["cfs", "alps", "gittins-oracle"], [1, 2], Cpus: 2, AgentMode: "auto", Utilization: null);
        List<CaseResult> all = MatrixRunner.Run(spec, MatrixRunner.Plan(spec), null, null);
        List<CaseResult> lean = MatrixRunner.Run(spec, MatrixRunner.Plan(spec), null, null, keepRecords: MarkdownReport.ReadsRecordsOf(spec.Policies));
        Assert.That(lean, Has.Count.EqualTo(all.Count));
        for (int i = 0; i < all.Count; i++)
        {
            Assert.That(all[i].Report.Records, Is.Not.Empty, "keeping everything keeps every record");
            bool read = all[i].Policy != "cfs";
            Assert.That(lean[i].Report.Records, read ? Has.Count.EqualTo(all[i].Report.Records.Count) : Is.Empty, $"{all[i].Policy} seed {all[i].Seed}");
            Assert.That(ResultsJson.Write([lean[i]], null), Is.EqualTo(ResultsJson.Write([all[i]], null)), "the same numbers either way");
        }
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Test]
    public void WithoutGittinsOracleNoRunKeepsRecords()
    {
        // The first-invocation split needs alps and gittins-oracle both; with either missing nothing reads records.
        Assert.That(MarkdownReport.ReadsRecordsOf(["cfs", "alps", "srpt"])("alps"), Is.False);
        Assert.That(MarkdownReport.ReadsRecordsOf(["cfs", "gittins-oracle"])("gittins-oracle"), Is.False);
        Func<string, bool> both = MarkdownReport.ReadsRecordsOf(["alps-static", "gittins-oracle", "cfs"]);
        Assert.That((both("alps-static"), both("gittins-oracle"), both("cfs")), Is.EqualTo((true, true, false)), "alps-static heads the report when alps did not run");
    }
}
