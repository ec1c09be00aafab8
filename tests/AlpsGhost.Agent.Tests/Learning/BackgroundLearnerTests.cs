using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>The learner's drivers, failure isolation and counters.</summary>
public sealed class BackgroundLearnerTests
{
    private const long Second = 1_000_000_000;

    /// <summary>A trainer that can be told to throw or to answer NaN after a good round.</summary>
    private sealed class FaultyTrainer : ITrainer
    {
        public string Mode { get; set; } = "ok";

        public string Name => "faulty";

        public TrainerResult Train(FunctionProfile profile) => Mode switch
        {
            "throw" => throw new InvalidOperationException("trainer exploded"),
            "nan" => new TrainerResult(double.NaN, 0),
            "inf" => new TrainerResult(5, double.PositiveInfinity),
            _ => new AverageTrainer().Train(profile),
        };
    }

    private static ObservationQueue Fill(IEnumerable<InvocationRecord> records)
    {
        var q = new ObservationQueue(4096);
        foreach (InvocationRecord r in records)
        {
            Assert.That(q.TryWrite(r), Is.True);
        }
        return q;
    }

    private static LearningOptions Multi => new() { Srpt = new SrptOptions { Mode = SimulationMode.Multi, CpuCount = 2 } };

    [Test]
    public void RoundDrainsTheQueueAndPublishesIncreasingVersions()
    {
        ObservationQueue q = Fill([Records.Make(1, 1, 0, 10, 20), Records.Make(2, 2, 0, 50, 60)]);
        var publisher = new PolicyPublisher(PolicySnapshot.Empty);
        using var learner = new BackgroundLearner(q, publisher, Multi);
        RoundResult? r1 = learner.RunRound(Second, 30);
        Assert.That(r1, Is.Not.Null);
        Assert.That(q.Count, Is.Zero);
        Assert.That(publisher.Current, Is.SameAs(r1!.Snapshot));
        Assert.That(publisher.Current.TryGet(1, out FunctionPolicy p1) && p1 == new FunctionPolicy(1, 10_000_000), Is.True);
        Assert.That(publisher.Current.TryGet(2, out FunctionPolicy p2) && p2.Rank == 2, Is.True);
        learner.RunRound(2 * Second, 30);
        Assert.That(publisher.Current.Version, Is.EqualTo(2));
        Assert.That((learner.Rounds, learner.Failures, learner.WindowSize), Is.EqualTo((2L, 0L, 2)));
        Assert.That(learner.LastSnapshot, Is.SameAs(publisher.Current));
    }

    [TestCase("throw")]
    [TestCase("nan")]
    [TestCase("inf")]
    public void FailingTrainerKeepsTheLastGoodSnapshotAndIsCountedAndLogged(string fault)
    {
        var trainer = new FaultyTrainer();
        var q = new ObservationQueue(64);
        var publisher = new PolicyPublisher(PolicySnapshot.Empty);
        var log = new List<string>();
        using var learner = new BackgroundLearner(q, publisher, Multi, log.Add, trainer);
        q.TryWrite(Records.Make(1, 1, 0, 10, 20));
        Assert.That(learner.RunRound(Second, 30), Is.Not.Null);
        PolicySnapshot good = publisher.Current;

        trainer.Mode = fault;
        q.TryWrite(Records.Make(2, 1, 100, 30, 140));
        Assert.That(learner.RunRound(2 * Second, 30), Is.Null);
        Assert.That(publisher.Current, Is.SameAs(good));
        Assert.That(learner.LastSnapshot, Is.SameAs(good));
        Assert.That((learner.Rounds, learner.Failures), Is.EqualTo((2L, 1L)));
        Assert.That(log, Has.Count.EqualTo(1));
        Assert.That(log[0], Does.Contain("keeping snapshot v1"));

        trainer.Mode = "ok";
        Assert.That(learner.RunRound(3 * Second, 30), Is.Not.Null, "the learner recovers on the next good round");
        Assert.That(publisher.Current.Version, Is.EqualTo(2));
    }

    [TestCase(double.NaN)]
    [TestCase(150.0)]
    public void UnusableUtilizationFailsTheRoundWithoutPublishing(double utilization)
    {
        var q = new ObservationQueue(8);
        q.TryWrite(Records.Make(1, 1, 0, 10, 20));
        var publisher = new PolicyPublisher(PolicySnapshot.Empty);
        var log = new List<string>();
        using var learner = new BackgroundLearner(q, publisher, Multi, log.Add);
        Assert.That(learner.RunRound(Second, utilization), Is.Null);
        Assert.That((publisher.Published, learner.Failures, learner.LastSnapshot), Is.EqualTo((0L, 1L, (PolicySnapshot?)null)));
        Assert.That(log.Single(), Does.Contain("utilizationPercent"));
    }

    [Test]
    public void EvictedRecordsNoLongerShapeThePolicy()
    {
        var q = new ObservationQueue(64);
        var publisher = new PolicyPublisher(PolicySnapshot.Empty);
        var options = Multi with { WindowNs = Second, CarryOverAbsent = false };
        using var learner = new BackgroundLearner(q, publisher, options);
        q.TryWrite(Records.Make(1, 1, 0, 10, 20));
        learner.RunRound(Second / 2, 30);
        Assert.That(publisher.Current.TryGet(1, out _), Is.True);
        q.TryWrite(Records.Make(2, 2, 1_500, 10, 1_600));
        learner.RunRound(2 * Second, 30); // horizon 1 s: gtid 1 (end 20 ms) is gone
        Assert.That(publisher.Current.TryGet(1, out _), Is.False);
        Assert.That(learner.WindowSize, Is.EqualTo(1));
    }

    [Test]
    public void FullRoundIsDeterministic()
    {
        var rng = new Random(11);
        var records = new List<InvocationRecord>();
        for (int i = 0; i < 2_000; i++)
        {
            long a = rng.Next(0, 50_000);
            long c = rng.Next(1, 120);
            records.Add(Records.Make(i + 1, rng.Next(0, 12), a, c, a + c + rng.Next(0, 200)));
        }
        foreach (SimulationMode mode in new[] { SimulationMode.Reference, SimulationMode.Multi })
        {
            var options = new LearningOptions { Trainer = "lr", Srpt = new SrptOptions { Mode = mode, CpuCount = 4 } };
            var p1 = new PolicyPublisher(PolicySnapshot.Empty);
            var p2 = new PolicyPublisher(PolicySnapshot.Empty);
            using var l1 = new BackgroundLearner(Fill(records), p1, options);
            using var l2 = new BackgroundLearner(Fill(Enumerable.Reverse(records)), p2, options);
            l1.RunRound(60 * Second, 70);
            l2.RunRound(60 * Second, 70);
            Assert.That(p1.Current.FunctionCount, Is.EqualTo(p2.Current.FunctionCount));
            int known = 0;
            for (int f = 0; f < p1.Current.FunctionCount; f++)
            {
                bool k1 = p1.Current.TryGet(f, out FunctionPolicy a);
                bool k2 = p2.Current.TryGet(f, out FunctionPolicy b);
                Assert.That((k2, b), Is.EqualTo((k1, a)), $"{mode}: function {f}");
                known += k1 ? 1 : 0;
            }
            Assert.That(known, Is.GreaterThan(0), $"{mode}: the round must learn something");
        }
    }

    [Test]
    public void BackgroundThreadRunsRoundsAndStopsOnCancellation()
    {
        var q = new ObservationQueue(64);
        q.TryWrite(Records.Make(1, 1, 0, 10, 20));
        var publisher = new PolicyPublisher(PolicySnapshot.Empty);
        using var learner = new BackgroundLearner(q, publisher, Multi);
        using var twoRounds = new CountdownEvent(2);
        learner.RoundCompleted = ok =>
        {
            if (ok && !twoRounds.IsSet)
            {
                twoRounds.Signal();
            }
        };
        using var cts = new CancellationTokenSource();
        learner.Start(() => 1_000, () => 40, cts.Token, TimeSpan.FromMilliseconds(5));
        Assert.That(twoRounds.Wait(TimeSpan.FromSeconds(20)), Is.True, "two rounds within 20 s");
        cts.Cancel();
        learner.Stop();
        long rounds = learner.Rounds;
        Assert.That(rounds, Is.GreaterThanOrEqualTo(2));
        Assert.That(publisher.Current.TryGet(1, out _), Is.True);
        Assert.That(learner.Rounds, Is.EqualTo(rounds), "no round after Stop returned");
    }

    [Test]
    public void CostModelIsLinearInTheWindow()
    {
        using var learner = new BackgroundLearner(new ObservationQueue(4), new PolicyPublisher(PolicySnapshot.Empty), Multi);
        LearnerCostModel m = LearnerCostModel.Multi;
        Assert.That(learner.ModelledCpuNs(0), Is.EqualTo(m.FixedNs));
        Assert.That(learner.ModelledCpuNs(10_000), Is.EqualTo(m.FixedNs + (10_000 * m.PerRecordNs)));
        Assert.Throws<ArgumentOutOfRangeException>(() => learner.ModelledCpuNs(-1));
    }
}
