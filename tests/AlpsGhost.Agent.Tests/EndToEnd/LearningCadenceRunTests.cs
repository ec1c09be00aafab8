using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Runs;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>The learning cadence in a simulated run: the first round <c>first_round_s</c> after the start, then doubling
/// waits up to the 12 s period, so an 8 s run is learned from instead of never.</summary>
public class LearningCadenceRunTests
{
    private static long LearnerRounds(double? firstRoundS)
    {
        EnclaveConfig config = EnclaveConfigLoader.Default.With(new ConfigOverrides
        {
            Policy = "alps",
            AgentMode = AgentModes.Name(AgentMode.QueueWakeup),
            Learning = true,
        }) with { RunnableTimeoutMs = 0 };
        LearningConfig learning = config.Policy.Alps.Learning with { FirstRoundS = firstRoundS };
        config = config with { Policy = config.Policy with { Alps = config.Policy.Alps with { Learning = learning } } };
        Assert.That(learning.EffectivePeriodS, Is.EqualTo(12), "the shipped period");
        var request = new RunRequest(config, Kernel: "sim", Workload: null, Cpus: 2, Seed: 1, Utilization: null);
        RunReport report = SimulationRun.Run(Scenario.Load(Scenario.TwoGroups, 2, 1), request, TextWriter.Null);
        return report.Counters.First(c => c.Key == "learner_rounds").Value;
    }

    [Test]
    public void AFirstRoundAtOneSecondLearnsAtOneThreeAndSevenSeconds() =>
        Assert.That(LearnerRounds(1), Is.EqualTo(3), "rounds at 1, 3 and 7 s; the next would be at 15 s");

    [Test]
    public void ShippedCadenceLearnsAtThreeSecondsThenNine() =>
        Assert.That(LearnerRounds(new LearningConfig().FirstRoundS), Is.EqualTo(1), "the shipped 3 s: rounds at 3 and 9 s, and the run ends before 9 s");

    [Test]
    public void WithoutAnEarlyFirstRoundAnEightSecondRunIsNeverLearned() =>
        Assert.That(LearnerRounds(null), Is.Zero, "the original cadence waits one 12 s period");
}
