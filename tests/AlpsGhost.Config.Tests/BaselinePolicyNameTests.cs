namespace AlpsGhost.Config.Tests;

/// <summary>The baseline policies "sfs" and "srpt" are accepted by the file, the command line and the writer.</summary>
public sealed class BaselinePolicyNameTests
{
    [TestCase("sfs", PolicyName.Sfs)]
    [TestCase("srpt", PolicyName.Srpt)]
    [TestCase("alps-io", PolicyName.AlpsIo)]
    [TestCase("gittins-oracle", PolicyName.GittinsOracle)]
    [TestCase("gittins-oracle-seen", PolicyName.GittinsOracleSeen)]
    public void PolicyName_InFile_IsParsed(string text, PolicyName expected)
    {
        var config = EnclaveConfigLoader.Parse("{\"policy\":{\"name\":\"" + text + "\"}}", "f.json");
        Assert.That(config.Policy.Name, Is.EqualTo(expected));
    }

    [TestCase("sfs", PolicyName.Sfs)]
    [TestCase("srpt", PolicyName.Srpt)]
    [TestCase("alps-io", PolicyName.AlpsIo)]
    [TestCase("gittins-oracle", PolicyName.GittinsOracle)]
    [TestCase("gittins-oracle-seen", PolicyName.GittinsOracleSeen)]
    public void PolicyName_OnCommandLine_OverridesTheFile(string text, PolicyName expected)
    {
        var config = EnclaveConfigLoader.Load(null, new ConfigOverrides { Policy = text });
        Assert.That(config.Policy.Name, Is.EqualTo(expected));
    }

    [TestCase(PolicyName.Sfs)]
    [TestCase(PolicyName.Srpt)]
    [TestCase(PolicyName.AlpsIo)]
    [TestCase(PolicyName.GittinsOracle)]
    [TestCase(PolicyName.GittinsOracleSeen)]
    public void Writer_RoundTripsThePolicyName(PolicyName name)
    {
        var config = EnclaveConfigLoader.Default with { Policy = EnclaveConfigLoader.Default.Policy with { Name = name } };
        Assert.That(EnclaveConfigLoader.Parse(EnclaveConfigWriter.ToJson(config), "w.json"), Is.EqualTo(config));
    }

    [Test]
    public void IoPreemptGuard_IsReadAndBounded()
    {
        // Property: policy.alps.io_preempt_guard_ms is a real key with bounds, not silently ignored.
        var config = EnclaveConfigLoader.Parse("{\"policy\":{\"name\":\"alps-io\",\"alps\":{\"io_preempt_guard_ms\":7}}}", "f.json");
        Assert.That(config.Policy.Alps.IoPreemptGuardMs, Is.EqualTo(7));
        var e = Assert.Throws<ConfigException>(() => EnclaveConfigLoader.Parse("{\"policy\":{\"alps\":{\"io_preempt_guard_ms\":-1}}}", "f.json"));
        Assert.That(e!.Message, Does.Contain("io_preempt_guard_ms"));
    }
}
