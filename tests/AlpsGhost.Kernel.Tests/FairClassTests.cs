using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>The CFS-like fair class shares CPU fairly and follows Linux 5.11 tunables.</summary>
public sealed class FairClassTests
{
    [Test]
    public void FourEqualTasksOnTwoCpus_FinishWithin5PercentOfEachOther()
    {
        Workload w = Make("four", 1, (0, 0, [Cpu(100 * Ms)]), (0, 0, [Cpu(100 * Ms)]), (0, 0, [Cpu(100 * Ms)]), (0, 0, [Cpu(100 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2 });
        SimulationResult r = k.Run();
        long min = r.Tasks.Min(t => t.FinishNs), max = r.Tasks.Max(t => t.FinishNs);
        Assert.That(max - min, Is.LessThanOrEqualTo(max / 20), $"finish times {min}..{max} differ by more than 5%");
        Assert.That(max, Is.InRange(200 * Ms, 205 * Ms), "two CPUs fully used for 400 ms of work");
    }

    [Test]
    public void ThreeEqualTasksOnTwoCpus_LoadBalancingSharesTheThirdCpuWorth()
    {
        // Without migration one task would run alone and finish at 100 ms while two share a CPU until 200 ms.
        Workload w = Make("three", 1, (0, 0, [Cpu(90 * Ms)]), (0, 0, [Cpu(90 * Ms)]), (0, 0, [Cpu(90 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2 });
        SimulationResult r = k.Run();
        long max = r.Tasks.Max(t => t.FinishNs);
        Assert.That(max, Is.LessThan(170 * Ms), "idle pulls and periodic balance spread the three tasks");
    }

    [Test]
    public void Defaults_AreLinux511ScaledByLogCpus()
    {
        CfsParameters two = CfsParameters.ForCpuCount(2), sixteen = CfsParameters.ForCpuCount(16), one = CfsParameters.ForCpuCount(1);
        Assert.That(one.LatencyNs, Is.EqualTo(6 * Ms));
        Assert.That(two.LatencyNs, Is.EqualTo(12 * Ms));
        Assert.That(two.MinGranularityNs, Is.EqualTo(1_500_000));
        Assert.That(two.WakeupGranularityNs, Is.EqualTo(2 * Ms));
        Assert.That(sixteen.LatencyNs, Is.EqualTo(24 * Ms), "factor capped at 1 + ilog2(8) = 4");
        Assert.That(CfsParameters.WeightOfNice(0), Is.EqualTo(1024));
        Assert.That(CfsParameters.WeightOfNice(-20), Is.EqualTo(88761));
    }

    [Test]
    public void ShortTaskArrivingBehindLongOnes_GetsTheCpuWithinALatencyPeriod()
    {
        // Wakeup placement + preemption: a new short task must not wait for the long ones to finish.
        Workload w = Make("short", 1, (0, 0, [Cpu(200 * Ms)]), (0, 50 * Ms, [Cpu(1 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 1 });
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[1].FinishNs, Is.LessThan(50 * Ms + 20 * Ms));
        Assert.That(r.Tasks[1].MaxRunnableWaitNs, Is.LessThanOrEqualTo(CfsParameters.ForCpuCount(1).LatencyNs + Ms));
    }

    [Test]
    public void EnclaveUtilization_MeasuresBusyFraction()
    {
        Workload w = Make("util", 1, (0, 0, [Cpu(10 * Ms)]), (0, 30 * Ms, [Cpu(1 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2, Costs = SimulationCosts.Zero });
        double at20 = -1, since10 = -1;
        k.ScheduleCallback(20 * Ms, _ =>
        {
            at20 = k.EnclaveUtilization(0);
            since10 = k.EnclaveUtilization(10 * Ms);
        });
        k.Run();
        Assert.That(at20, Is.EqualTo(0.25).Within(0.001), "10 ms busy of 2 CPUs x 20 ms");
        Assert.That(since10, Is.EqualTo(0).Within(0.001));
    }
}
