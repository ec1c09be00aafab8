using AlpsGhost.Agent.Learning;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>Hand-computed SRPT schedules (docs/algorithm.md §1.3): exact segments, waits, end ticks.</summary>
public sealed class SrptSimulatorTests
{
    [Test]
    public void ShorterJobArrivingBeforeMinimumRunPreemptsAtTick8()
    {
        // A runs 0..7 (8 ticks, 22 left), B (5 < 22) takes over 8..12, A resumes 13..34.
        SrptRun run = SrptSimulator.Run([new SrptJob(1, 0, 30), new SrptJob(2, 3, 5)]);
        Assert.That(run.Segments[0], Is.EqualTo(new[] { 8, 22 }));
        Assert.That(run.Segments[1], Is.EqualTo(new[] { 5 }));
        Assert.That(run.Wait, Is.EqualTo(new long[] { 0, 5 }));
        Assert.That(run.End, Is.EqualTo(new long[] { 34, 12 }));
        Assert.That(run.ContextSwitches, Is.EqualTo(new[] { 1, 0 }));
        Assert.That(run.CompletionOrder, Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void ShorterJobArrivingAfterMinimumRunPreemptsAtTheNextTickBoundary()
    {
        // B arrives at 12 and is visible at 12: A runs tick 12 (13 executed, 17 left) and is then preempted.
        SrptRun run = SrptSimulator.Run([new SrptJob(1, 0, 30), new SrptJob(2, 12, 5)]);
        Assert.That(run.Segments[0], Is.EqualTo(new[] { 13, 17 }));
        Assert.That(run.Segments[1], Is.EqualTo(new[] { 5 }));
        Assert.That(run.Wait, Is.EqualTo(new long[] { 0, 1 }));
        Assert.That(run.End, Is.EqualTo(new long[] { 34, 17 }));
    }

    [Test]
    public void EqualRemainingDoesNotPreempt()
    {
        // At the end of tick 7 A has 12 left and B needs 12: not strictly shorter, A keeps the CPU to the end.
        SrptRun run = SrptSimulator.Run([new SrptJob(1, 0, 20), new SrptJob(2, 2, 12)]);
        Assert.That(run.Segments[0], Is.EqualTo(new[] { 20 }));
        Assert.That(run.Segments[1], Is.EqualTo(new[] { 12 }));
        Assert.That(run.Wait, Is.EqualTo(new long[] { 0, 18 }));
        Assert.That(run.End, Is.EqualTo(new long[] { 19, 31 }));
        Assert.That(run.ContextSwitches, Is.EqualTo(new[] { 0, 0 }));
    }

    [Test]
    public void TiesInTheHeapGoToTheSmallerJobId()
    {
        // Same arrival, same burst: job 0 first although its function id is larger.
        SrptRun run = SrptSimulator.Run([new SrptJob(7, 0, 5), new SrptJob(3, 0, 5)]);
        Assert.That(run.End, Is.EqualTo(new long[] { 4, 9 }));
        Assert.That(run.Wait, Is.EqualTo(new long[] { 0, 5 }));
    }

    [Test]
    public void PreemptedJobCompetesWithItsRemainingTime()
    {
        // A preempted at 7 with 22 left; after B, C (20 < 22) wins the CPU over A, then A finishes.
        SrptRun run = SrptSimulator.Run([new SrptJob(1, 0, 30), new SrptJob(2, 3, 5), new SrptJob(3, 10, 20)]);
        Assert.That(run.Segments[0], Is.EqualTo(new[] { 8, 22 }));
        Assert.That(run.Segments[2], Is.EqualTo(new[] { 20 }));
        Assert.That(run.Wait, Is.EqualTo(new long[] { 0, 5, 3 }));
        Assert.That(run.End, Is.EqualTo(new long[] { 54, 12, 32 }));
    }

    [Test]
    public void IdleGapsAreSkippedWithoutChangingTicks()
    {
        SrptRun run = SrptSimulator.Run([new SrptJob(1, 0, 3), new SrptJob(1, 1000, 2)]);
        Assert.That(run.End, Is.EqualTo(new long[] { 2, 1001 }));
        Assert.That(run.Wait, Is.EqualTo(new long[] { 0, 0 }));
    }

    [Test]
    public void TwoCpusPreemptTheLongestRunningJob()
    {
        // A on CPU0, B on CPU1; at tick 7 both have 22 left, C (5) waits: B (larger id) is preempted.
        SrptRun run = SrptSimulator.Run([new SrptJob(1, 0, 30), new SrptJob(1, 0, 30), new SrptJob(2, 2, 5)], cpuCount: 2);
        Assert.That(run.Segments[0], Is.EqualTo(new[] { 30 }));
        Assert.That(run.Segments[1], Is.EqualTo(new[] { 8, 22 }));
        Assert.That(run.Segments[2], Is.EqualTo(new[] { 5 }));
        Assert.That(run.Wait, Is.EqualTo(new long[] { 0, 0, 6 }));
        Assert.That(run.End, Is.EqualTo(new long[] { 29, 34, 12 }));
    }

    [Test]
    public void TwoCpusGiveAFreedCpuToTheShortestWaitingJobFirst()
    {
        // A ends at 7 freeing CPU0 for C; D (6 < 22) still preempts B on CPU1.
        SrptRun run = SrptSimulator.Run(
            [new SrptJob(1, 0, 8), new SrptJob(2, 0, 30), new SrptJob(3, 1, 5), new SrptJob(4, 1, 6)], cpuCount: 2);
        Assert.That(run.Segments[1], Is.EqualTo(new[] { 8, 22 }));
        Assert.That(run.Wait, Is.EqualTo(new long[] { 0, 0, 7, 7 }));
        Assert.That(run.End, Is.EqualTo(new long[] { 7, 34, 12, 13 }));
    }

    [Test]
    public void BulkStepsMatchSingleTicksOnARandomWorkload()
    {
        // The bulk stepping must be invisible: compare against a naive one-tick-at-a-time reference.
        var rng = new Random(7);
        for (int round = 0; round < 80; round++)
        {
            var jobs = new SrptJob[40];
            for (int i = 0; i < jobs.Length; i++)
            {
                jobs[i] = new SrptJob(i % 4, rng.Next(0, round % 2 == 0 ? 300 : 60), rng.Next(1, 60)); // odd rounds: heavy contention
            }
            int cpus = 1 + (round % 4);
            SrptRun fast = SrptSimulator.Run(jobs, cpus);
            NaiveSrpt.Result slow = NaiveSrpt.Run(jobs, cpus, 8);
            for (int j = 0; j < jobs.Length; j++)
            {
                Assert.That(fast.Segments[j], Is.EqualTo(slow.Segments[j]), $"round {round} job {j} segments");
                Assert.That(fast.End[j], Is.EqualTo(slow.End[j]), $"round {round} job {j} end");
                Assert.That(fast.Wait[j], Is.EqualTo(slow.Wait[j]), $"round {round} job {j} wait");
            }
        }
    }

    [Test]
    public void ZeroBurstIsRejectedInsteadOfLoopingForever()
    {
        var ex = Assert.Throws<ArgumentException>(() => SrptSimulator.Run([new SrptJob(1, 0, 0)]));
        Assert.That(ex!.Message, Does.Contain("burst 0"));
    }
}
