using AlpsGhost.Kernel;

namespace AlpsGhost.Bench.Tests;

/// <summary><c>calibrate --costs-from-real</c>: the stock-Linux backend's costs are computed from a real matrix's records exactly as documented.</summary>
[TestFixture]
public sealed class BackendCostsTests
{
    [Test]
    public void CostsFromRealRuns_AreTheDocumentedMeansAndMedians()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"alps-costs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "runs", "w-cfs-seed1"));
        try
        {
            // One cfs run (2 CPUs, 10 s wall, 3 invocations, one never completed) and two agent runs.
            File.WriteAllText(Path.Combine(dir, "results.json"), """
                [
                  {"workload": "w", "policy": "cfs", "seed": 1, "cpus": 2, "counters": {"invocations": 3, "launcher_cpu_ns": 3000000, "other_cpu_ns": 200000000, "wall_ns": 10000000000}},
                  {"workload": "w", "policy": "alps", "seed": 1, "cpus": 2, "counters": {"agent_cpu_ns": 2000000, "agent_syscalls": 100}},
                  {"workload": "w", "policy": "sfs", "seed": 1, "cpus": 2, "counters": {"agent_cpu_ns": 4000000, "agent_syscalls": 100}}
                ]
                """);
            File.WriteAllText(Path.Combine(dir, "runs", "w-cfs-seed1", "launch.csv"),
                "index,function,pid,arrival_ns,launch_ns,start_ns,end_ns,reaped_ns,cpu_ns,startup_cpu_ns,rusage_cpu_ns,exit_status,policy_at_exit\n" +
                "0,0,10,0,1,2,3,4,1000000,2000000,3500000,0,0\n" +   // exit 0.5 ms
                "1,0,11,0,1,2,3,4,5000000,3000000,9000000,0,0\n" +   // exit 1 ms
                "2,0,12,0,-1,-1,-1,-1,-1,-1,-1,-1,-1\n");             // lost: not measured
            string profile = Path.Combine(dir, "base.json");
            var costs = HostCostProfile.Names.ToDictionary(n => n, _ => new HostCost(1, 1, "cpu-time"));
            File.WriteAllText(profile, new HostCostProfile("vm", "6.18", 2, "2026-12-01T00:00:00Z", [0, 0, 0], "alps-bench calibrate --costs-out base.json", costs).ToJson());
            string output = Path.Combine(dir, "out.json");

            (int rc, _, string errors) = Cli.Run("calibrate", "--costs-from-real", dir, "--costs", profile, "--costs-out", output);

            Assert.That(rc, Is.EqualTo(0), errors);
            HostCostProfile p = HostCostProfile.Load(output);
            Assert.That(p.HasLinuxBackendCosts, Is.True);
            Assert.That(p.Costs[HostCostProfile.InvocationStartCpu].ValueNs, Is.EqualTo(2_500_000), "mean startup of the completed invocations");
            Assert.That(p.Costs[HostCostProfile.InvocationExitCpu].ValueNs, Is.EqualTo(750_000), "mean of rusage - work - startup");
            Assert.That(p.Costs[HostCostProfile.LauncherCpuPerInvocation].ValueNs, Is.EqualTo(1_000_000), "launcher CPU over every invocation of the run");
            Assert.That(p.Costs[HostCostProfile.BackgroundCpuPerCpuSecond].ValueNs, Is.EqualTo(10_000_000), "0.2 s over 10 s x 2 CPUs = 1 %");
            Assert.That(p.Costs[HostCostProfile.AgentCpuPerSyscall].ValueNs, Is.EqualTo(30_000), "median of 20 and 40 us");
            Assert.That(p.Costs[HostCostProfile.SameCpuSwitch].ValueNs, Is.EqualTo(1), "the base profile's costs are kept");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void CostsFromAFolderWithoutResults_IsAUsageError()
    {
        (int rc, _, string errors) = Cli.Run("calibrate", "--costs-from-real", "/nonexistent-alps", "--costs", "/nonexistent.json", "--costs-out", "/tmp/never.json");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("--costs"));
    }

    [Test]
    public void CostsPerRun_AreEachRunsOwnCounters()
    {
        string path = Path.Combine(Path.GetTempPath(), $"alps-costs-per-run-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            [
              {"workload": "w", "policy": "cfs", "seed": 1, "cpus": 2, "counters": {"invocations": 4, "startup_cpu_ns": 10000000, "launcher_cpu_ns": 2000000, "other_cpu_ns": 400000000, "wall_ns": 10000000000}},
              {"workload": "w", "policy": "alps", "seed": 1, "cpus": 2, "counters": {"invocations": 2, "startup_cpu_ns": 6000000, "launcher_cpu_ns": 1000000, "other_cpu_ns": 0, "wall_ns": 10000000000, "agent_cpu_ns": 5000000, "agent_syscalls": 250}}
            ]
            """);
        try
        {
            var perRun = AlpsGhost.Bench.Real.BackendCostsFromRuns.MeasurePerRun(path);
            Dictionary<string, HostCost> cfs = perRun[("w", "cfs", 1)], alps = perRun[("w", "alps", 1)];
            Assert.That(cfs[HostCostProfile.InvocationStartCpu].ValueNs, Is.EqualTo(2_500_000), "startup over invocations");
            Assert.That(cfs[HostCostProfile.LauncherCpuPerInvocation].ValueNs, Is.EqualTo(500_000));
            Assert.That(cfs[HostCostProfile.BackgroundCpuPerCpuSecond].ValueNs, Is.EqualTo(20_000_000), "0.4 s over 10 s x 2 CPUs = 2 %");
            Assert.That(cfs.ContainsKey(HostCostProfile.AgentCpuPerSyscall), Is.False, "no agent, no agent cost");
            Assert.That(cfs.ContainsKey(HostCostProfile.InvocationExitCpu), Is.False, "exit needs the launcher records: the profile's stays");
            Assert.That(alps[HostCostProfile.InvocationStartCpu].ValueNs, Is.EqualTo(3_000_000), "each run its own");
            Assert.That(alps[HostCostProfile.AgentCpuPerSyscall].ValueNs, Is.EqualTo(20_000));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void CostsPerRun_FromARunWithoutWallTime_IsAUsageErrorNamingTheRun()
    {
        string path = Path.Combine(Path.GetTempPath(), $"alps-costs-per-run-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """[{"workload": "w", "policy": "cfs", "seed": 3, "cpus": 2, "counters": {"invocations": 4, "startup_cpu_ns": 1, "launcher_cpu_ns": 1, "other_cpu_ns": 1, "wall_ns": 0}}]""");
        try
        {
            var e = Assert.Throws<BenchException>(() => AlpsGhost.Bench.Real.BackendCostsFromRuns.MeasurePerRun(path));
            Assert.That(e!.Message, Does.Contain("--costs-per-run").And.Contain("w cfs seed 3").And.Contain("wall_ns 0"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
