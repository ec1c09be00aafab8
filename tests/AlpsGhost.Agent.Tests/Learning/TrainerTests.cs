using AlpsGhost.Agent.Learning;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>The avg, lr and forest trainers (docs/algorithm.md §2.1).</summary>
public sealed class TrainerTests
{
    private static FunctionProfile Profile(params int[] segments) =>
        new(1, segments, new int[segments.Length], new int[segments.Length], new int[segments.Length], 0, segments.Length, 0, 1, 0);

    [Test]
    public void AverageIsMeanAndPopulationStd()
    {
        TrainerResult r = new AverageTrainer().Train(Profile(2, 4, 4, 4, 5, 5, 7, 9));
        Assert.That(r.Basis, Is.EqualTo(5));
        Assert.That(r.Std, Is.EqualTo(2)); // the classic population-std example (sample std would be 2.14)
    }

    [Test]
    public void LinearTrendPredictsTheNextValueOfALine()
    {
        TrainerResult r = new LinearTrendTrainer().Train(Profile(10, 20, 30, 40));
        Assert.That(r.Basis, Is.EqualTo(50));
        Assert.That(new LinearTrendTrainer().Train(Profile(10, 12, 15)).Basis, Is.EqualTo(17)); // 17.33 truncated
    }

    [Test]
    public void LinearTrendOfOneValueIsThatValue() => Assert.That(new LinearTrendTrainer().Train(Profile(7)).Basis, Is.EqualTo(7));

    [Test]
    public void LinearTrendTruncatesTowardZero()
    {
        Assert.That(LinearTrendTrainer.PredictNext([1, 2, 2]), Is.EqualTo(8 / 3.0).Within(1e-12));
        Assert.That(new LinearTrendTrainer().Train(Profile(1, 2, 2)).Basis, Is.EqualTo(2));
    }

    [Test]
    public void LinearTrendBelowZeroIsClampedToZero()
    {
        // 10, 5, 1 extrapolates to -3.67: a segment length cannot be negative (the original then emitted slice 0).
        Assert.That(LinearTrendTrainer.PredictNext([10, 5, 1]), Is.LessThan(0));
        Assert.That(new LinearTrendTrainer().Train(Profile(10, 5, 1)).Basis, Is.Zero);
    }

    [Test]
    public void ForestIsDeterministic()
    {
        var rng = new Random(3);
        int[] segments = Enumerable.Range(0, 200).Select(_ => rng.Next(1, 100)).ToArray();
        double a = new ForestTrainer().Train(Profile(segments)).Basis;
        double b = new ForestTrainer().Train(Profile(segments)).Basis;
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void ForestFollowsTheRecentLevel()
    {
        int[] segments = [.. Enumerable.Repeat(10, 30), .. Enumerable.Repeat(50, 30)];
        double basis = new ForestTrainer().Train(Profile(segments)).Basis;
        Assert.That(basis, Is.InRange(40, 50));
    }

    [Test]
    public void ForestFallsBackToTheMeanBelowThreeSegments() => Assert.That(new ForestTrainer().Train(Profile(4, 9)).Basis, Is.EqualTo(6.5));

    [TestCase("avg", typeof(AverageTrainer))]
    [TestCase("LR", typeof(LinearTrendTrainer))]
    [TestCase("forest", typeof(ForestTrainer))]
    public void TrainersAreSelectedByName(string name, Type type) => Assert.That(Trainers.Create(name), Is.TypeOf(type));

    [Test]
    public void OnlyForestNeedsDynamicCodeAndItsRefusalNamesTheAlternatives()
    {
        // The JIT build (these tests) has every trainer; a NativeAOT build (no dynamic code) lacks only forest.
        Assert.That(Trainers.Unavailable("forest"), Is.Null);
        Assert.That(Trainers.Unavailable("FOREST", dynamicCode: false), Does.Contain("NativeAOT").And.Contain("'avg' or 'lr'"));
        Assert.That(Trainers.Unavailable("avg", dynamicCode: false), Is.Null);
        Assert.That(Trainers.Unavailable("lr", dynamicCode: false), Is.Null);
    }

    [Test]
    public void UnknownTrainerNameIsRejectedWithTheChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => Trainers.Create("svm"));
        Assert.That(ex!.Message, Does.Contain("'svm'").And.Contain("avg, lr or forest"));
    }
}
