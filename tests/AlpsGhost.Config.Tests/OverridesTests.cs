namespace AlpsGhost.Config.Tests;

/// <summary>Command-line overrides win over file values and are validated like the file.</summary>
public sealed class OverridesTests
{
    private const string File = """
        {
          "cpus": "0-7",
          "policy": { "name": "alps", "alps": { "learning": { "trainer": "avg", "window_s": 60, "period_s": null, "seed": 1 } } }
        }
        """;

    [Test]
    public void Overrides_WinOverFileValues()
    {
        var config = EnclaveConfigLoader.Parse(File, "f.json").With(new ConfigOverrides
        {
            Cpus = "2-5",
            Policy = "fifo",
            Trainer = "lr",
            LearningMode = "multi",
            WindowS = 30,
            Seed = 7,
            AgentMode = "queue-wakeup",
            GlobalCpu = "3",
            Learning = false,
        });
        var learning = config.Policy.Alps.Learning;
        Assert.Multiple(() =>
        {
            Assert.That(config.Cpus.ToString(), Is.EqualTo("2-5"));
            Assert.That(config.Policy.Name, Is.EqualTo(PolicyName.Fifo));
            Assert.That(learning.Trainer, Is.EqualTo(TrainerKind.Lr));
            Assert.That(learning.Mode, Is.EqualTo(LearningMode.Multi));
            Assert.That(learning.WindowS, Is.EqualTo(30));
            Assert.That(learning.EffectivePeriodS, Is.EqualTo(30), "an unset period follows the overridden window");
            Assert.That(learning.Seed, Is.EqualTo(7));
            Assert.That(learning.Enabled, Is.False);
            Assert.That(config.Agent.Mode, Is.EqualTo(AgentWaitMode.QueueWakeup));
            Assert.That(config.Agent.GlobalCpu, Is.EqualTo(3));
        });
    }

    [Test]
    public void EmptyOverrides_ChangeNothing()
    {
        var config = EnclaveConfigLoader.Parse(File, "f.json");
        Assert.That(config.With(new ConfigOverrides()), Is.EqualTo(config));
    }

    [Test]
    public void InvalidOverrides_AreAllReported_AgainstTheCommandLine()
    {
        var config = EnclaveConfigLoader.Default;
        var ex = Assert.Throws<ConfigException>(() => config.With(new ConfigOverrides { Cpus = "0-", Trainer = "svm", WindowS = -1 }));
        Assert.That(ex!.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "command line: $.cpus: value \"0-\" is not valid: expected " + CpuSelection.Expected,
            "command line: $.policy.alps.learning.trainer: value \"svm\" is not valid: expected one of \"avg\", \"lr\", \"forest\"",
            "command line: $.policy.alps.learning.window_s: value -1 is not valid: expected a number > 0 and <= 86400",
        }));
    }

    [Test]
    public void Overrides_AreCrossChecked_WithTheFileValues()
    {
        // Property: an override cannot produce a config the loader would have rejected (global CPU outside the enclave).
        var config = EnclaveConfigLoader.Parse("""{"cpus":"0-7","agent":{"global_cpu":6}}""", "f.json");
        var ex = Assert.Throws<ConfigException>(() => config.With(new ConfigOverrides { Cpus = "0-3" }));
        Assert.That(ex!.Message, Is.EqualTo("command line: $.agent.global_cpu: value 6 is not valid: expected \"first\" or a CPU of $.cpus (0-3)"));
    }

    [Test]
    public void Load_WithNullPath_StartsFromTheDefault()
    {
        var config = EnclaveConfigLoader.Load(null, new ConfigOverrides { Policy = "cfs" });
        Assert.That(config, Is.EqualTo(EnclaveConfigLoader.Default with { Policy = EnclaveConfigLoader.Default.Policy with { Name = PolicyName.Cfs } }));
    }
}
