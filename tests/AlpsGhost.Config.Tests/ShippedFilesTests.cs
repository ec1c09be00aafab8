namespace AlpsGhost.Config.Tests;

/// <summary>all.json and every example load, and all.json is exactly the built-in defaults.</summary>
public sealed class ShippedFilesTests
{
    [Test]
    public void AllJson_Loads_AndEqualsTheRecordDefaults()
    {
        // Property: all.json spells out the defaults, so the C# initializers and the file can never disagree.
        var loaded = EnclaveConfigLoader.Load(ConfigFiles.AllJson);
        Assert.That(loaded, Is.EqualTo(new EnclaveConfig()));
        Assert.That(loaded.Cpus.All, Is.True);
        Assert.That(loaded.Policy.Name, Is.EqualTo(PolicyName.Alps));
        Assert.That(loaded.Policy.Alps.Learning.Enabled, Is.True);
    }

    [Test]
    public void Default_IsTheEmbeddedAllJson_AndMatchesTheFileOnDisk()
    {
        // Property: the embedded resource is the shipped all.json (not a stale copy) and Default parses it.
        Assert.That(EnclaveConfigLoader.DefaultJson, Is.EqualTo(File.ReadAllText(ConfigFiles.AllJson)));
        Assert.That(EnclaveConfigLoader.Default, Is.EqualTo(EnclaveConfigLoader.Parse(File.ReadAllText(ConfigFiles.AllJson), "all.json")));
    }

    [Test]
    public void AllJson_DefaultsSpelledOut_MatchDocumentedLearningDefaults()
    {
        // Property: the ALPS defaults of docs/algorithm.md section 2.3 / 1.3 / 1.2c are what all.json gives.
        var learning = EnclaveConfigLoader.Default.Policy.Alps.Learning;
        Assert.Multiple(() =>
        {
            Assert.That(learning.Alpha, Is.EqualTo(1));
            Assert.That(learning.Beta, Is.EqualTo(1));
            Assert.That(learning.Gamma, Is.EqualTo(1));
            Assert.That(learning.Theta, Is.EqualTo(50));
            Assert.That(learning.MinRunTicks, Is.EqualTo(8));
            Assert.That(learning.MaxSliceMs, Is.EqualTo(200));
            Assert.That(learning.SampleDivisor, Is.EqualTo(24));
            Assert.That(learning.MaxJobs, Is.EqualTo(100));
            Assert.That(learning.Smoothing, Is.EqualTo(0.7));
            Assert.That(learning.UnpredictabilityTuning && learning.OverloadTuning, Is.True);
            Assert.That(learning.MonotoneCap, Is.False);
            Assert.That(learning.EffectivePeriodS, Is.EqualTo(12), "a round about every 12 s, as the original (A §1.1)");
        });
    }

    [TestCaseSource(typeof(ConfigFiles), nameof(ConfigFiles.Examples))]
    public void Example_Loads(string path)
    {
        Assert.DoesNotThrow(() => EnclaveConfigLoader.Load(path));
    }

    [Test]
    public void Examples_AreTheDocumentedOnes()
    {
        var names = ConfigFiles.Examples().Select(Path.GetFileName).ToArray();
        Assert.That(names, Is.EquivalentTo(new[] { "fifo.json", "openlambda.json", "static-alps.json", "linux-comm.json" }));
    }

    [Test]
    public void LinuxComm_NamesFunctionsByComm_ForTheStockLinuxBackend()
    {
        // README's one-command try of --kernel linux relies on this rule: comm "fn-demo" is function "demo".
        var config = EnclaveConfigLoader.Load(Path.Combine(ConfigFiles.Directory, "examples", "linux-comm.json"));
        Assert.That(FunctionIdentityRules.FromConfig(config).Match("", "fn-demo", null), Is.EqualTo("demo"));
        Assert.That(FunctionIdentityRules.FromConfig(config).Match("", "bash", null), Is.Null);
    }

    [Test]
    public void StaticAlps_HasItsTable_AndLearningOff()
    {
        var config = EnclaveConfigLoader.Load(Path.Combine(ConfigFiles.Directory, "examples", "static-alps.json"));
        Assert.That(config.Policy.Alps.Learning.Enabled, Is.False);
        Assert.That(config.Policy.Alps.Static, Has.Count.EqualTo(6));
        Assert.That(config.Policy.Alps.Static[1], Is.EqualTo(new StaticFunctionEntry("fib1", 2, 14)));
        Assert.That(config.Policy.Alps.UnknownFunctions.EffectiveRank, Is.EqualTo(7));
        Assert.That(config.Cpus.ToString(), Is.EqualTo("0-7"));
        Assert.That(config.Agent.GlobalCpu, Is.EqualTo(0));
    }

    [Test]
    public void Fifo_HasItsSlice_AndQueueWakeup()
    {
        var config = EnclaveConfigLoader.Load(Path.Combine(ConfigFiles.Directory, "examples", "fifo.json"));
        Assert.That(config.Policy.Name, Is.EqualTo(PolicyName.Fifo));
        Assert.That(config.Policy.Fifo.PreemptionSliceMs, Is.EqualTo(10));
        Assert.That(config.Agent.Mode, Is.EqualTo(AgentWaitMode.QueueWakeup));
        Assert.That(config.Cpus.Cpus, Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void OpenLambda_IdentifiesByMetadata_ThroughTheSocket()
    {
        var config = EnclaveConfigLoader.Load(Path.Combine(ConfigFiles.Directory, "examples", "openlambda.json"));
        Assert.That(config.Identity.RegistrationSocket, Is.Not.Null);
        Assert.That(config.Identity.RegistrationSocket!.Mode, Is.EqualTo(0x1B0)); // 0660 octal
        Assert.That(config.Identity.Rules[0].Match, Is.EqualTo(IdentityMatchKind.Metadata));
        var rules = FunctionIdentityRules.FromConfig(config);
        var metadata = new Dictionary<string, string> { ["function_name"] = "fib2", ["seal_priority"] = "6" };
        Assert.That(rules.TryMatch("/", "python3", metadata, out var identity), Is.True);
        Assert.That(identity, Is.EqualTo(new FunctionIdentity("fib2", 0, 6)));
        Assert.That(config.Policy.Alps.Learning.EffectivePeriodS, Is.EqualTo(12));
    }

    [Test]
    public void Load_MissingFile_ReportsThePath()
    {
        var ex = Assert.Throws<ConfigException>(() => EnclaveConfigLoader.Load("/nonexistent/alps.json"));
        Assert.That(ex!.Errors, Has.Count.EqualTo(1));
        Assert.That(ex.Message, Does.StartWith("/nonexistent/alps.json: $: missing: expected a readable file"));
    }
}
