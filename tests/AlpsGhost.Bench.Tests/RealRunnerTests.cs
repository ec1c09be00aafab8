using AlpsGhost.Bench.Real;
using AlpsGhost.Workloads;

namespace AlpsGhost.Bench.Tests;

/// <summary>The real-thread engine of <c>calibrate</c> and <c>real</c> on a one-second run.</summary>
[TestFixture]
public sealed class RealRunnerTests
{
    [Test]
    public void EveryThreadBurnsAtLeastItsCpuDemandAndFinishesAfterIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the real-thread engine is Linux only");
        }
        string path = TestWorkloads.Write("real-second", TestWorkloads.RealSecond);
        Workload workload = WorkloadFile.Load(path, new WorkloadOverrides { CpuCount = 2, Seed = 3 });
        Assert.That(workload.Invocations, Has.Count.GreaterThan(10), "the test needs a few invocations");

        RealRunResult result = RealRunner.Run(workload, 2, ghostEnclave: null, TextWriter.Null);

        Assert.That(result.Report.Records, Has.Count.EqualTo(workload.Invocations.Count));
        for (int i = 0; i < workload.Invocations.Count; i++)
        {
            InvocationSpec inv = workload.Invocations[i];
            var record = result.Report.Records[i];
            Assert.That(result.MeasuredCpuNs[i], Is.GreaterThanOrEqualTo(inv.CpuDemandNs), $"invocation {i}: CPU work is conserved");
            Assert.That(record.Completed, Is.True);
            Assert.That(record.FunctionId, Is.EqualTo(inv.FunctionId));
            Assert.That(record.CompletionNs, Is.GreaterThanOrEqualTo(inv.CpuDemandNs + inv.BlockedNs),
                $"invocation {i} cannot finish before its CPU time plus its sleeps");
        }
        Assert.That(result.Report.Kernel, Is.EqualTo("real"));
        Assert.That(result.CpuSet, Has.Count.InRange(1, 2));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
