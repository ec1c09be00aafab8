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
    public void AlpsIoIsTheAlpsPolicyInItsIoMode()
    {
        // Property: the name selects the I/O-aware mode of the same policy, reported under its own name.
        ISchedulingPolicy p = SchedulingPolicies.Create("alps-io", new PolicyPublisher(PolicySnapshot.Empty));
        Assert.That(p, Is.InstanceOf<AlpsPolicy>());
        Assert.That(p.Name, Is.EqualTo("alps-io"));
        Assert.That(SchedulingPolicies.Create("alps", new PolicyPublisher(PolicySnapshot.Empty)).Name, Is.EqualTo("alps"));
    }

    [Test]
    public void UnknownNameIsRejectedListingTheChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => SchedulingPolicies.Create("cfs", new PolicyPublisher(PolicySnapshot.Empty)));
        Assert.That(e!.Message, Does.Contain("'cfs'").And.Contain("fifo").And.Contain("alps"));
    }
}
