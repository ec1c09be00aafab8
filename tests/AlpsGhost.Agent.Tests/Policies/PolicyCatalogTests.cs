using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Config;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.Policies;

/// <summary>The one policy catalog (<see cref="AgentFactory"/>): a configuration's policy name becomes a policy,
/// and the libraries' defaults are the configuration's defaults.</summary>
[TestFixture]
public sealed class PolicyCatalogTests
{
    private static EnclaveConfig Config(string policy) => EnclaveConfigLoader.Load(null, new ConfigOverrides { Policy = policy });

    private static ISchedulingPolicy Create(string policy) =>
        AgentFactory.CreatePolicy(Config(policy), new PolicyPublisher(PolicySnapshot.Empty), enclaveCpus: 2);

    [TestCase(PolicyNames.Fifo, typeof(FifoPolicy))]
    [TestCase(PolicyNames.Alps, typeof(AlpsPolicy))]
    [TestCase(PolicyNames.AlpsIo, typeof(AlpsPolicy))]
    [TestCase(PolicyNames.GittinsOracle, typeof(AlpsPolicy))]
    [TestCase(PolicyNames.GittinsOracleSeen, typeof(AlpsPolicy))]
    [TestCase(PolicyNames.Sfs, typeof(SfsPolicy))]
    public void EveryAgentPolicyNameBuildsAPolicyReportingThatName(string name, Type expected)
    {
        // Property: each name maps to its policy, which reports itself under the same name (reports and stats key on it).
        ISchedulingPolicy p = Create(name);
        Assert.That(p, Is.InstanceOf(expected));
        Assert.That(p.Name, Is.EqualTo(name));
    }

    [Test]
    public void CfsHasNoAgentAndSaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => Create(PolicyNames.Cfs));
        Assert.That(e!.Message, Does.Contain("no agent").And.Contain("fifo").And.Contain("alps"));
    }

    [Test]
    public void SrptWithoutAnOracleIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Create(PolicyNames.Srpt));
        Assert.That(e!.Message, Does.Contain("remaining CPU demand"));
    }

    [Test]
    public void DefaultAlpsPolicyOptionsAreTheShippedConfiguration()
    {
        // Property: new AlpsPolicyOptions() (used by tests and benchmarks) is what the default config builds:
        // Gittins order, 500 ms starvation limit, the same aged quantum. It failed before the defaults were joined.
        Assert.That(AgentFactory.AlpsOptions(Config(PolicyNames.Alps)), Is.EqualTo(new AlpsPolicyOptions()));
    }

    [Test]
    public void DefaultLearningOptionsAreTheShippedConfiguration()
    {
        // Property: the learner's own defaults equal what the default config's learning section maps to.
        Assert.That(LearnerSettings.From(new LearningConfig(), enclaveCpus: 1), Is.EqualTo(new LearningOptions()));
    }
}
