using AlpsGhost.Cli;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>The agent modes are named and defaulted once: the config's vocabulary and default agree with the agent's.</summary>
public class AgentModeNamesTests
{
    [TestCase(AgentMode.Spinning)]
    [TestCase(AgentMode.QueueWakeup)]
    [TestCase(AgentMode.Adaptive)]
    public void EveryModeNameMeansTheSameModeInTheConfig(AgentMode mode)
    {
        EnclaveConfig config = EnclaveConfigLoader.Default.With(new ConfigOverrides { AgentMode = AgentModes.Name(mode) });
        var request = new RunRequest(config, Kernel: "sim", Workload: null, Cpus: 2, Seed: 1, Utilization: null);
        Assert.That(request.AgentMode, Is.EqualTo(mode));
    }

    [Test]
    public void TheConfigDefaultIsTheHostDefault()
    {
        var request = new RunRequest(EnclaveConfigLoader.Default, Kernel: "sim", Workload: null, Cpus: 2, Seed: 1, Utilization: null);
        Assert.That(request.AgentMode, Is.EqualTo(AgentModes.Default), "all.json / AgentConfig default = AgentModes.Default");
        Assert.That(new AgentConfig().Mode.ToString(), Is.EqualTo(AgentModes.Default.ToString()));
    }

    [TestCase(AgentMode.Spinning, "spinning")]
    [TestCase(AgentMode.QueueWakeup, "queue-wakeup")]
    [TestCase(AgentMode.Adaptive, "adaptive")]
    public void NamesRoundTrip(AgentMode mode, string name)
    {
        Assert.That(AgentModes.Name(mode), Is.EqualTo(name));
        Assert.That(AgentModes.TryParse(name, out AgentMode parsed) && parsed == mode, Is.True);
    }

    [Test]
    public void UnknownNamesAreRejected() => Assert.That(AgentModes.TryParse("spin", out _), Is.False);
}
