using AlpsGhost.Agent.Core;
using AlpsGhost.Cli;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>The real agent on the simulated kernel: the properties issue #2 names, end to end.</summary>
public class EndToEndTests
{
    private static readonly string[] AllPolicies = ["cfs", "fifo", "alps"];

    [TestCaseSource(nameof(PoliciesAndModes))]
    public void NoTaskIsLostAndCpuTimeIsConserved(string policy, AgentMode mode)
    {
        Workload workload = Scenario.Load(Scenario.Mixed, cpus: 2, seed: 3);
        using var kernel = new SimulatedKernel(workload, new SimulationOptions { CpuCount = 2, Seed = 3, AgentMode = mode });
        if (policy != "cfs")
        {
            EnclaveConfig config = Scenario.Config(policy, mode);
            IGhostEnclave enclave = kernel.CreateEnclave();
            var agent = AgentFactory.Create(enclave, workload, config,
                new AlpsGhost.Agent.Policy.PolicyPublisher(AgentFactory.StaticTable(workload, config)));
            kernel.AttachAgent(new SimulatedAgentAdapter(new AgentLoop(agent, enclave)));
        }
        SimulationResult result = kernel.Run();

        Scenario.AssertNothingLostAndCpuConserved(workload, result);
    }

    private static IEnumerable<object[]> PoliciesAndModes()
    {
        foreach (string p in AllPolicies)
        {
            yield return [p, AgentMode.Spinning];
        }
        yield return ["fifo", AgentMode.QueueWakeup];
        yield return ["alps", AgentMode.QueueWakeup];
        yield return ["fifo", AgentMode.Adaptive];
        yield return ["alps", AgentMode.Adaptive];
    }

    [TestCaseSource(nameof(AllPolicies))]
    public void SameSeedGivesByteIdenticalJson(string policy)
    {
        string first = Scenario.Run(Scenario.Mixed, policy, seed: 7).ToJson();
        string second = Scenario.Run(Scenario.Mixed, policy, seed: 7).ToJson();
        Assert.That(second, Is.EqualTo(first));
        Assert.That(Scenario.Run(Scenario.Mixed, policy, seed: 8).ToJson(), Is.Not.EqualTo(first), "the seed matters");
    }

    [Test]
    public void AlpsStaticRanksServeTheShortFunctionFirst()
    {
        RunReport fifo = Scenario.Run(Scenario.Mixed, "fifo");
        RunReport alps = Scenario.Run(Scenario.Mixed, "alps");
        double fifoShort = fifo.Functions[0].Summary.MeanMs;
        double alpsShort = alps.Functions[0].Summary.MeanMs;
        Assert.That(alpsShort, Is.LessThan(fifoShort / 2),
            $"rank 1 short functions must not queue behind 200 ms ones (fifo {fifoShort:F1} ms, alps {alpsShort:F1} ms)");
        Assert.That(alps.Overall.MeanMs, Is.LessThan(fifo.Overall.MeanMs), "and the mean completion time falls");
    }

    [Test]
    public void ReportCarriesTheContractFields()
    {
        string json = Scenario.Run(Scenario.Mixed, "fifo").ToJson();
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("policy").GetString(), Is.EqualTo("fifo"));
        Assert.That(root.GetProperty("workload").GetString(), Is.EqualTo("mixed"));
        Assert.That(root.GetProperty("cpus").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(1));
        foreach (string field in new[] { "tasks", "completed", "mean_fct_ms", "p50_fct_ms", "p99_fct_ms", "context_switches" })
        {
            Assert.That(root.GetProperty("overall").TryGetProperty(field, out _), Is.True, "overall." + field);
        }
        var fn = root.GetProperty("functions")[0];
        foreach (string field in new[] { "name", "count", "mean_fct_ms", "p50_fct_ms", "p99_fct_ms", "mean_slowdown" })
        {
            Assert.That(fn.TryGetProperty(field, out _), Is.True, "functions[]." + field);
        }
        Assert.That(root.GetProperty("agent_mode").GetString(), Is.EqualTo("spinning"));
    }
}
