namespace AlpsGhost.Config.Tests;

/// <summary>The baseline policies "sfs" and "srpt" are accepted by the file, the command line and the writer.</summary>
public sealed class BaselinePolicyNameTests
{
    [TestCase("sfs", PolicyName.Sfs)]
    [TestCase("srpt", PolicyName.Srpt)]
    public void PolicyName_InFile_IsParsed(string text, PolicyName expected)
    {
        var config = EnclaveConfigLoader.Parse("{\"policy\":{\"name\":\"" + text + "\"}}", "f.json");
        Assert.That(config.Policy.Name, Is.EqualTo(expected));
    }

    [TestCase("sfs", PolicyName.Sfs)]
    [TestCase("srpt", PolicyName.Srpt)]
    public void PolicyName_OnCommandLine_OverridesTheFile(string text, PolicyName expected)
    {
        var config = EnclaveConfigLoader.Load(null, new ConfigOverrides { Policy = text });
        Assert.That(config.Policy.Name, Is.EqualTo(expected));
    }

    [TestCase(PolicyName.Sfs)]
    [TestCase(PolicyName.Srpt)]
    public void Writer_RoundTripsThePolicyName(PolicyName name)
    {
        var config = EnclaveConfigLoader.Default with { Policy = EnclaveConfigLoader.Default.Policy with { Name = name } };
        Assert.That(EnclaveConfigLoader.Parse(EnclaveConfigWriter.ToJson(config), "w.json"), Is.EqualTo(config));
    }
}
