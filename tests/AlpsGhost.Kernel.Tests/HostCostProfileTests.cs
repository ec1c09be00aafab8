using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>Cost profile files are validated field by field, round-trip, and their costs reach the model.</summary>
public sealed class HostCostProfileTests
{
    private static HostCostProfile Sample()
    {
        var costs = new Dictionary<string, HostCost>();
        long v = 1000;
        foreach (string name in HostCostProfile.Names)
        {
            costs[name] = new HostCost(v, 100, "cpu-time");
            v += 1000;
        }
        return new HostCostProfile("test-vm", "6.18.0", 2, "2026-12-01T19:00:00Z", [1.5, 2, 3.25], "alps-bench calibrate --costs-out x.json", costs);
    }

    [Test]
    public void WrittenProfile_ParsesBackToTheSameValues()
    {
        HostCostProfile p = Sample();
        HostCostProfile back = HostCostProfile.Parse(p.ToJson(), "x.json");
        Assert.That(back.Machine, Is.EqualTo(p.Machine));
        Assert.That(back.Command, Is.EqualTo(p.Command));
        Assert.That(back.LoadAverage, Is.EqualTo(p.LoadAverage));
        foreach (string name in HostCostProfile.Names)
        {
            Assert.That(back.Costs[name], Is.EqualTo(p.Costs[name]), name);
        }
    }

    [Test]
    public void LinuxBackendCosts_RoundTrip_AndComeAllOrNone()
    {
        HostCostProfile basic = Sample();
        Assert.That(basic.HasLinuxBackendCosts, Is.False);
        Assert.That(basic.ToJson(), Does.Not.Contain(HostCostProfile.InvocationStartCpu), "absent costs are not written");
        var costs = new Dictionary<string, HostCost>(basic.Costs);
        long v = 7;
        foreach (string name in HostCostProfile.LinuxBackendNames)
        {
            costs[name] = new HostCost(v++, 9, "cpu-time mean");
        }
        HostCostProfile full = basic with { Costs = costs };
        HostCostProfile back = HostCostProfile.Parse(full.ToJson(), "x.json");
        Assert.That(back.HasLinuxBackendCosts, Is.True);
        foreach (string name in HostCostProfile.LinuxBackendNames)
        {
            Assert.That(back.Costs[name], Is.EqualTo(full.Costs[name]), name);
        }
        var json = System.Text.Json.Nodes.JsonNode.Parse(full.ToJson())!;
        json["costs"]!.AsObject().Remove(HostCostProfile.AgentCpuPerSyscall);
        Assert.That(Assert.Throws<HostCostProfileException>(() => HostCostProfile.Parse(json.ToJsonString(), "p.json"))!.Message,
            Does.Contain("all together or not at all").And.Contain("'costs." + HostCostProfile.AgentCpuPerSyscall + "'"));
    }

    [TestCase("\"format\": \"alps-ghost-cost-profile\"", "\"format\": \"other\"", "field 'format' is 'other'")]
    [TestCase("\"version\": 1", "\"version\": 2", "field 'version' is 2")]
    [TestCase("\"value_ns\": 1000", "\"value_ns\": -5", "field 'costs.same_cpu_switch_ns.value_ns' is -5")]
    [TestCase("\"value_ns\": 1000", "\"value_ns\": 5000000000", "field 'costs.same_cpu_switch_ns.value_ns' is 5000000000")]
    [TestCase("\"value_ns\": 1000", "\"value_ns\": \"fast\"", "field 'costs.same_cpu_switch_ns.value_ns' is \"fast\"")]
    [TestCase("\"same_cpu_switch_ns\"", "\"same_cpu_swich_ns\"", "unknown cost 'costs.same_cpu_swich_ns'")]
    [TestCase("\"machine\": \"test-vm\"", "\"machine\": \"\"", "field 'machine' must be a non-empty string")]
    [TestCase("\"cpus\": 2", "\"cpus\": 0", "field 'cpus' is 0")]
    public void InvalidField_IsRejectedNamingTheFileFieldAndValue(string from, string to, string expected)
    {
        string json = Sample().ToJson();
        Assert.That(json, Does.Contain(from), "the test edits a field that exists");
        var e = Assert.Throws<HostCostProfileException>(() => HostCostProfile.Parse(ReplaceFirst(json, from, to), "p.json"));
        Assert.That(e!.Message, Does.StartWith("p.json: "));
        Assert.That(e.Message, Does.Contain(expected));
    }

    [Test]
    public void MissingCost_BadLoadAverage_AndNonJson_AreRejected()
    {
        string json = Sample().ToJson();
        int at = json.IndexOf("\"schedstat_read_ns\"", StringComparison.Ordinal);
        string missing = json[..json.LastIndexOf(',', at)] + "\n  }\n}\n";
        Assert.That(Assert.Throws<HostCostProfileException>(() => HostCostProfile.Parse(missing, "p.json"))!.Message,
            Does.Contain("'costs.schedstat_read_ns' is missing"));
        Assert.That(Assert.Throws<HostCostProfileException>(() => HostCostProfile.Parse(json.Replace("1.5,", "-1,", StringComparison.Ordinal), "p.json"))!.Message,
            Does.Contain("load_average"));
        Assert.That(Assert.Throws<HostCostProfileException>(() => HostCostProfile.Parse("{ not json", "p.json"))!.Message,
            Does.Contain("not valid JSON"));
        Assert.That(Assert.Throws<HostCostProfileException>(() => HostCostProfile.Parse("[1]", "p.json"))!.Message,
            Does.Contain("expected a JSON object"));
    }

    [Test]
    public void MissingOrHugeFile_IsRejected()
    {
        string dir = Path.Combine(Path.GetTempPath(), "alps-costs-test-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            Assert.That(Assert.Throws<HostCostProfileException>(() => HostCostProfile.Load(Path.Combine(dir, "none.json")))!.Message, Does.Contain("not found"));
            string big = Path.Combine(dir, "big.json");
            File.WriteAllText(big, new string(' ', (int)HostCostProfile.MaxFileBytes + 1));
            Assert.That(Assert.Throws<HostCostProfileException>(() => HostCostProfile.Load(big))!.Message, Does.Contain("expected at most"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Apply_MapsEachMeasuredCostToItsModelField_AndKeepsGhostCosts()
    {
        HostCostProfile p = Sample();
        SimulationCosts c = p.Apply(SimulationCosts.Default);
        Assert.That(c.ContextSwitchNs, Is.EqualTo(p.Costs[HostCostProfile.SameCpuSwitch].ValueNs));
        Assert.That(c.IdleWakeupNs, Is.EqualTo(p.Costs[HostCostProfile.WakeupLatency].ValueNs));
        Assert.That(c.ProcessStartNs, Is.EqualTo(p.Costs[HostCostProfile.ProcessStartExit].ValueNs));
        Assert.That(c.SchedSetattrNs, Is.EqualTo(p.Costs[HostCostProfile.SchedSetattr].ValueNs));
        Assert.That(c.AgentTickWakeupNs, Is.EqualTo(p.Costs[HostCostProfile.TimerWakeupLate].ValueNs));
        Assert.That(c.AgentPerTaskReadNs, Is.EqualTo(p.Costs[HostCostProfile.SchedstatRead].ValueNs));
        Assert.That(c.PerTxnNs, Is.EqualTo(SimulationCosts.Default.PerTxnNs), "ghOSt costs cannot be measured on a stock host");
    }

    [Test]
    public void WithCosts_ReplacesAndAdds_AndKeepsTheFilesInvariants()
    {
        HostCostProfile p = Sample();
        HostCostProfile changed = p.WithCosts([new(HostCostProfile.SameCpuSwitch, new HostCost(7, 1, "cpu-time"))]);
        Assert.That(changed.Costs[HostCostProfile.SameCpuSwitch].ValueNs, Is.EqualTo(7));
        Assert.That(changed.Costs[HostCostProfile.WakeupLatency], Is.EqualTo(p.Costs[HostCostProfile.WakeupLatency]), "the others are kept");
        Assert.That(p.Costs[HostCostProfile.SameCpuSwitch].ValueNs, Is.EqualTo(1000), "the original is not changed");
        var backend = HostCostProfile.LinuxBackendNames.Select(n => new KeyValuePair<string, HostCost>(n, new HostCost(5, 1, "cpu-time"))).ToList();
        Assert.That(p.WithCosts(backend).HasLinuxBackendCosts, Is.True);
        Assert.That(HostCostProfile.Parse(p.WithCosts(backend).ToJson(), "x.json").HasLinuxBackendCosts, Is.True, "the result is a valid file");
        Assert.Throws<ArgumentException>(() => p.WithCosts(backend.Take(2)), "some but not all backend costs");
        Assert.Throws<ArgumentException>(() => p.WithCosts([new("no_such_cost_ns", new HostCost(1, 1, "cpu-time"))]));
    }

    [Test]
    public void ProcessStartAndIdleWakeup_DelayATask_WithoutChargingItsCpuTime()
    {
        Workload w = Make("one", 1, (0, 0, [Cpu(10 * Ms), Block(5 * Ms), Cpu(10 * Ms)]));
        SimulationCosts costs = SimulationCosts.Zero with { ProcessStartNs = 2 * Ms, IdleWakeupNs = 100_000 };
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 1, Costs = costs });
        TaskOutcome t = k.Run().Tasks[0];
        // Start: idle wake-up + process start; after the sleep the CPU was idle again: one more idle wake-up.
        Assert.That(t.FinishNs, Is.EqualTo((25 * Ms) + (2 * Ms) + (2 * 100_000)));
        Assert.That(t.CpuNs, Is.EqualTo(20 * Ms), "costs occupy the CPU but are not the task's work");
    }

    private static string ReplaceFirst(string s, string from, string to)
    {
        int i = s.IndexOf(from, StringComparison.Ordinal);
        return s[..i] + to + s[(i + from.Length)..];
    }
}
