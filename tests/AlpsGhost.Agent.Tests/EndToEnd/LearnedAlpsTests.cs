using AlpsGhost.Ghost;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>The learner wired into a simulated run: deterministic, and it reaches the decisions.</summary>
public class LearnedAlpsTests
{
    [Test]
    public void LearnedRunsAreByteIdenticalForTheSameSeed()
    {
        string a = Scenario.Run(Scenario.TwoGroups, "alps", mode: AgentMode.QueueWakeup, learning: true).ToJson();
        string b = Scenario.Run(Scenario.TwoGroups, "alps", mode: AgentMode.QueueWakeup, learning: true).ToJson();
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void LearnedRanksFollowTrueCpuDemandAndReachTheDecisions()
    {
        RunReport learned = Scenario.Run(Scenario.TwoGroups, "alps", mode: AgentMode.QueueWakeup, learning: true);
        RunReport cfs = Scenario.Run(Scenario.TwoGroups, "cfs");
        var counters = learned.Counters.ToDictionary(c => c.Key, c => c.Value);
        Assert.That(counters["learner_rounds"], Is.GreaterThanOrEqualTo(5), "a round per simulated second");
        Assert.That(counters["learner_failures"], Is.Zero);
        Assert.That(counters["learner_cpu_ns"], Is.GreaterThan(0), "learning is charged as fair-class CPU time, not free");
        FunctionReport shortFn = learned.Functions[0], longFn = learned.Functions[1];
        Assert.That(shortFn.Rank, Is.EqualTo(1), "the 2 ms function is learned as the shortest");
        Assert.That(longFn.Rank, Is.EqualTo(2));
        Assert.That(longFn.SliceMs, Is.GreaterThan(shortFn.SliceMs!.Value), "the longer function gets the longer protected run");
        Assert.That(shortFn.Summary.MeanMs, Is.LessThan(cfs.Functions[0].Summary.MeanMs),
            "short functions finish sooner than under the fair class");
    }
}
