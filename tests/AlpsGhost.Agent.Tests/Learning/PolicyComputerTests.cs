using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>Rank and slice fine-tuning (docs/algorithm.md §2.2-2.3) including its edges and switches.</summary>
public sealed class PolicyComputerTests
{
    private static readonly TuningOptions NoSmoothing = new() { Smoothing = false };

    private static long Slice(double basis, double std, double u, TuningOptions options, PolicySnapshot? previous = null) =>
        PolicyComputer.Compute([(1, new TrainerResult(basis, std))], u, options, previous)[0].SliceMs;

    [Test]
    public void StdLargerThanTheBasisFloorsAtZero() => Assert.That(Slice(10, 15, 30, NoSmoothing), Is.EqualTo(0));

    [Test]
    public void OverloadAppliesFromExactlyTheta()
    {
        var options = NoSmoothing with { Gamma = 2 }; // factor at U = θ is β/γ = 0.5, so the branch is visible
        Assert.That(Slice(100, 0, 50, options), Is.EqualTo(50));
        Assert.That(Slice(100, 0, 49.9, options), Is.EqualTo(100));
    }

    [Test]
    public void FullUtilizationHalvesTheSlice() => Assert.That(Slice(100, 0, 100, NoSmoothing), Is.EqualTo(50));

    [Test]
    public void AlphaScalesThenTruncatesThenClampsAt200()
    {
        Assert.That(Slice(10, 0, 0, NoSmoothing with { Alpha = 1.69 }), Is.EqualTo(16));
        Assert.That(Slice(150, 0, 0, NoSmoothing with { Alpha = 2 }), Is.EqualTo(200));
    }

    [Test]
    public void UnpredictabilityOffUsesTheRawBasisWithoutPenaltyOrClamp()
    {
        var options = NoSmoothing with { Unpredictability = false };
        Assert.That(Slice(22.5, 7.27, 30, options), Is.EqualTo(22));
        Assert.That(Slice(621, 0, 30, options), Is.EqualTo(621));
        Assert.That(Slice(621, 0, 80, options), Is.EqualTo(434)); // 621 × 0.7 = 434.7, β defined (no NameError)
    }

    [Test]
    public void OverloadOffIgnoresUtilization() => Assert.That(Slice(100, 0, 80, NoSmoothing with { Overload = false }), Is.EqualTo(100));

    [Test]
    public void SmoothingBlendsWithThePreviousSliceOnlyWhenOneExists()
    {
        var previous = new PolicySnapshot(3, 0, [default, new FunctionPolicy(1, 100_000_000)], [false, true]);
        Assert.That(Slice(50, 0, 0, new TuningOptions(), previous), Is.EqualTo(65)); // 0.7·50 + 0.3·100
        Assert.That(Slice(50, 0, 0, NoSmoothing, previous), Is.EqualTo(50));
        Assert.That(Slice(50, 0, 0, new TuningOptions(), PolicySnapshot.Empty), Is.EqualTo(50));
    }

    [Test]
    public void SmoothingComesAfterTheOverloadFactor()
    {
        // At steady U = 80 with an unchanged basis the slice must stay at basis × 0.7, not drift down.
        var previous = new PolicySnapshot(1, 0, [default, new FunctionPolicy(1, 70_000_000)], [false, true]);
        Assert.That(Slice(100, 0, 80, new TuningOptions(), previous), Is.EqualTo(70));
    }

    [Test]
    public void RankIsBasisAscendingWithTiesByFunctionId()
    {
        FunctionDecision[] d = PolicyComputer.Compute(
            [(5, new TrainerResult(10, 0)), (2, new TrainerResult(10, 0)), (9, new TrainerResult(3, 0))], 0, NoSmoothing, null);
        Assert.That(d.Select(x => (x.FunctionId, x.Rank)), Is.EqualTo(new[] { (9, 1), (2, 2), (5, 3) }));
    }

    [TestCase(double.NaN, 0)]
    [TestCase(10, double.PositiveInfinity)]
    [TestCase(-1, 0)]
    public void UnusableTrainerOutputFailsTheRound(double basis, double std) =>
        Assert.Throws<LearningException>(() => Slice(basis, std, 30, NoSmoothing));

    [Test]
    public void UtilizationOutsidePercentIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Slice(10, 0, 101, NoSmoothing));
        Assert.That(ex!.ParamName, Is.EqualTo("utilizationPercent"));
    }
}
