using AlpsGhost.Cli;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Workloads;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>Simulated tasks are identified by the config's identity rules, as on a real host (issue #5, item 4).</summary>
public class SimulatedIdentityTests
{
    private const string TwoFunctions = """
    {
      "name": "ids", "duration_s": 1, "utilization": 0.5,
      "functions": [
        { "name": "auth", "comm": "auth-py", "cpu": 2, "arrival": { "process": "poisson", "weight": 1 } },
        { "name": "video", "comm": "ffmpeg", "cgroup": "/sandboxes/video-7f3", "cpu": 500, "arrival": { "process": "poisson", "weight": 1 } }
      ]
    }
    """;

    private static SimulatedFunctionResolver Resolver(string identityJson)
    {
        Workload w = Scenario.Load(TwoFunctions, cpus: 2, seed: 1);
        EnclaveConfig config = EnclaveConfigLoader.Parse("{ \"identity\": " + identityJson + " }", "ids.json");
        return new SimulatedFunctionResolver(FunctionIdentityRules.FromConfig(config), w);
    }

    [Test]
    public void ConfigRuleNamesTheFunctionBeforeTheWorkloadCgroup()
    {
        // An operator rule that (mis)labels every ffmpeg process as "auth": the rule wins, as on a host.
        var r = Resolver("""{ "rules": [ { "match": "comm", "pattern": "ffmpeg", "function": "auth" } ] }""");
        Assert.That(r.Resolve(new TaskDescription(1001, "ffmpeg", "/sandboxes/video-7f3/inv-1")), Is.EqualTo(0));
        Assert.That(r.RuleMatches, Is.EqualTo(1));
    }

    [Test]
    public void CgroupCaptureRuleMapsToTheWorkloadFunctionOfThatName()
    {
        var r = Resolver("""{ "rules": [ { "match": "cgroup", "pattern": "/faas/{function}/**" } ] }""");
        Assert.That(r.Resolve(new TaskDescription(1000, "auth-py", "/faas/auth/inv-0")), Is.EqualTo(0));
        // No rule matches the video sandbox path: the workload's own cgroup of the function decides.
        Assert.That(r.Resolve(new TaskDescription(1001, "ffmpeg", "/sandboxes/video-7f3/inv-1")), Is.EqualTo(1));
        Assert.That(r.RuleMatches, Is.EqualTo(1));
    }

    [Test]
    public void RuleNamingAFunctionTheWorkloadLacksLeavesTheTaskUnknown()
    {
        var r = Resolver("""{ "rules": [ { "match": "comm", "pattern": "auth-*", "function": "login" } ] }""");
        Assert.That(r.Resolve(new TaskDescription(1000, "auth-py", "/faas/auth/inv-0")), Is.EqualTo(-1));
    }
}
