using AlpsGhost.Agent.Learning;
using AlpsGhost.Cli;
using AlpsGhost.Config;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>A trainer the build lacks (forest under NativeAOT) is refused before the agent starts, whether chosen by
/// --ml or by the config file, with one line naming the choice and the alternatives.</summary>
public class TrainerAvailabilityTests
{
    private static string? AsInNativeAot(string name) => Trainers.Unavailable(name, dynamicCode: false);

    [Test]
    public void ForestFromTheFlagOrTheConfigIsRefusedWhereMlNetCannotRun()
    {
        EnclaveConfig viaFlag = EnclaveConfigLoader.Load(null, new ConfigOverrides { Trainer = "forest" });
        Assert.That(LearnerSettings.TrainerUnavailable(viaFlag, AsInNativeAot),
            Does.StartWith("--ml / policy.alps.learning.trainer 'forest' is not available:").And.Contain("'avg' or 'lr'"));

        string file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "forest-config.json");
        File.WriteAllText(file, """{ "policy": { "name": "alps", "alps": { "learning": { "trainer": "forest" } } } }""");
        EnclaveConfig viaFile = EnclaveConfigLoader.Load(file, new ConfigOverrides());
        Assert.That(LearnerSettings.TrainerUnavailable(viaFile, AsInNativeAot), Does.Contain("'forest' is not available"));
    }

    [TestCase("avg")]
    [TestCase("lr")]
    public void AvgAndLrRunEverywhere(string trainer) =>
        Assert.That(LearnerSettings.TrainerUnavailable(EnclaveConfigLoader.Load(null, new ConfigOverrides { Trainer = trainer }), AsInNativeAot), Is.Null);

    [Test]
    public void ThisBuildHasForest() =>
        Assert.That(LearnerSettings.TrainerUnavailable(EnclaveConfigLoader.Load(null, new ConfigOverrides { Trainer = "forest" }), Trainers.Unavailable), Is.Null);
}
