using AlpsGhost.Agent.Learning;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>The learning cadence: an early first round, then doubling waits up to the period, never beyond it.</summary>
public class LearningCadenceTests
{
    [Test]
    public void WaitsDoubleFromTheFirstUntilThePeriod()
    {
        var waits = new List<long> { 1_500 };
        for (int i = 0; i < 5; i++)
        {
            waits.Add(LearningCadence.NextWait(waits[^1], 12_000));
        }
        Assert.That(waits, Is.EqualTo(new long[] { 1_500, 3_000, 6_000, 12_000, 12_000, 12_000 }),
            "rounds at 1.5, 4.5, 10.5, 22.5 s, then one per 12 s period");
    }

    [Test]
    public void AWaitNeverOvershootsThePeriod() =>
        Assert.That(LearningCadence.NextWait(7_000, 12_000), Is.EqualTo(12_000), "14 s would skip past a period boundary");

    [Test]
    public void AFirstWaitOfOnePeriodIsTheOriginalCadence() =>
        Assert.That(LearningCadence.NextWait(12_000, 12_000), Is.EqualTo(12_000));
}
