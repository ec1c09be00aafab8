using AlpsGhost.Cli;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>The simulated twin of the stock-Linux backend (<c>--kernel sim --host linux</c>): the backend's own
/// placement and enforcement over the simulated kernel.</summary>
public class SimulatedLinuxHostTests
{
    private static RunReport Run(string policy, ulong seed = 1, bool learning = false) =>
        SimulationRun.Run(Scenario.Load(Scenario.Mixed, 2, seed),
            Scenario.Request(policy, 2, seed, learning: learning) with { Host = RunRequest.LinuxHost }, TextWriter.Null);

    private static long Counter(RunReport r, string name)
    {
        foreach (KeyValuePair<string, long> c in r.Counters)
        {
            if (c.Key == name)
            {
                return c.Value;
            }
        }
        Assert.Fail($"no counter {name}");
        return 0;
    }

    [TestCase("cfs")]
    [TestCase("sfs")]
    [TestCase("fifo")]
    [TestCase("srpt")]
    [TestCase("alps")]
    public void Every_invocation_completes_no_sooner_than_its_demand_after_its_arrival(string policy)
    {
        Workload w = Scenario.Load(Scenario.Mixed, 2, 1);
        RunReport r = Run(policy, learning: policy == "alps");
        Assert.That(r.Records, Has.Count.EqualTo(w.Invocations.Count), "no task lost");
        for (int i = 0; i < r.Records.Count; i++)
        {
            CompletionRecord c = r.Records[i];
            Assert.That(c.Completed, Is.True, $"invocation {i} completed");
            Assert.That(c.FinishNs - c.ArrivalNs, Is.GreaterThanOrEqualTo(c.DemandNs), $"invocation {i}: its CPU demand after its arrival (the process start comes on top)");
        }
        Assert.That(r.AgentMode, Is.EqualTo("linux"));
    }

    [Test]
    public void The_backends_decisions_run_raising_demoting_and_weighting()
    {
        RunReport r = Run("alps", learning: true);
        Assert.That(Counter(r, "linux_raised"), Is.GreaterThan(0), "tasks are raised (unknown functions from the start)");
        Assert.That(Counter(r, "linux_demoted"), Is.GreaterThan(0), "slices end on the tick");
        Assert.That(Counter(r, "learner_rounds"), Is.GreaterThan(0), "the learner runs in virtual time");
        RunReport sfs = Run("sfs");
        Assert.That(Counter(sfs, "linux_weighted"), Is.Zero, "sfs keeps the fair tier at nice 0");
    }

    [Test]
    public void Deterministic_for_a_seed()
    {
        RunReport a = Run("alps", seed: 3, learning: true), b = Run("alps", seed: 3, learning: true);
        Assert.That(b.Overall.MeanMs, Is.EqualTo(a.Overall.MeanMs));
        Assert.That(b.Records.Select(x => x.FinishNs), Is.EqualTo(a.Records.Select(x => x.FinishNs)));
    }

    [Test]
    public void Srpt_serves_the_short_function_before_the_long_one()
    {
        RunReport srpt = Run("srpt"), cfs = Run("cfs");
        double Short(RunReport r) => r.Functions.First(f => f.Name == "short").Summary.MeanMs;
        Assert.That(Short(srpt), Is.LessThan(Short(cfs)), "bands by remaining demand put short work first");
    }

    [Test]
    public void A_process_the_launcher_starts_late_is_still_heard_of_and_raised()
    {
        // A slow launcher (4 ms per invocation, so bursts queue at it) delays when each process exists. The agent hears
        // of a process when its start ends, however late that is: every invocation must still be tracked and raised
        // (hearing of it at a fixed time after its arrival would find no process yet and lose it to the fair class).
        var costs = AlpsGhost.Kernel.HostCostProfile.Names.ToDictionary(n => n, _ => new AlpsGhost.Kernel.HostCost(1000, 1, "cpu-time"));
        costs[AlpsGhost.Kernel.HostCostProfile.InvocationStartCpu] = new(2_000_000, 1, "cpu-time");
        costs[AlpsGhost.Kernel.HostCostProfile.InvocationExitCpu] = new(500_000, 1, "cpu-time");
        costs[AlpsGhost.Kernel.HostCostProfile.LauncherCpuPerInvocation] = new(4_000_000, 1, "cpu-time");
        costs[AlpsGhost.Kernel.HostCostProfile.BackgroundCpuPerCpuSecond] = new(0, 1, "cpu-time");
        costs[AlpsGhost.Kernel.HostCostProfile.AgentCpuPerSyscall] = new(10_000, 1, "cpu-time");
        var profile = new AlpsGhost.Kernel.HostCostProfile("test", "6.18", 2, "2026-12-02T00:00:00Z", [0, 0, 0], "test", costs);
        Workload w = Scenario.Load(Scenario.Mixed, 2, 1);
        RunReport r = SimulationRun.Run(w, Scenario.Request("sfs", 2, 1) with { Host = RunRequest.LinuxHost, HostCosts = profile }, TextWriter.Null);
        Assert.That(r.Records.All(c => c.Completed), Is.True, "no task lost");
        Assert.That(Counter(r, "linux_raised"), Is.EqualTo(w.Invocations.Count), "sfs raises every invocation it hears of");
    }

    [TestCase(2, 4_000_000L, 28_000_000L)] // this VM: 2 ms x 16 = 32 ms = 8 ticks at HZ 250, minus one tick
    [TestCase(4, 4_000_000L, 60_000_000L)] // 64 ms = 16 ticks - 1
    [TestCase(2, 1_000_000L, 31_000_000L)] // HZ 1000: 32 ticks - 1
    [TestCase(1, 10_000_000L, 10_000_000L)] // 16 ms rounds up to 2 ticks at HZ 100, minus one
    public void A_busy_cpu_balances_at_the_kernels_interval_for_one_domain(int cpus, long tickNs, long expectedNs)
    {
        Assert.That(LinuxHostCosts.BusyBalanceIntervalNs(cpus, tickNs), Is.EqualTo(expectedNs));
    }
}
