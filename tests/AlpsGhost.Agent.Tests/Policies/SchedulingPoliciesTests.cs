using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Policies;

[TestFixture]
public sealed class SchedulingPoliciesTests
{
    [TestCase("fifo", typeof(FifoPolicy))]
    [TestCase("ALPS", typeof(AlpsPolicy))]
    public void CreatesPoliciesByName(string name, Type expected) =>
        Assert.That(SchedulingPolicies.Create(name, new PolicyPublisher(PolicySnapshot.Empty)), Is.InstanceOf(expected));

    [Test]
    public void UnknownNameIsRejectedListingTheChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => SchedulingPolicies.Create("cfs", new PolicyPublisher(PolicySnapshot.Empty)));
        Assert.That(e!.Message, Does.Contain("'cfs'").And.Contain("fifo").And.Contain("alps"));
    }
}
