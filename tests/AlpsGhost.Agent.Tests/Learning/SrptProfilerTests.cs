using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>From window to SRPT jobs and profiles: sampling, keep-last, re-basing, bursts, observed means.</summary>
public sealed class SrptProfilerTests
{
    /// <summary>n records in window order; record i: function i % 5, arrival (n - i) ms (reverse of window order), cpu 10 ms.</summary>
    private static InvocationRecord[] Window(int n)
    {
        var w = new InvocationRecord[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = Records.Make(i + 1, i % 5, 1_000 + n - i, 10, 100_000 + i);
        }
        return w;
    }

    [Test]
    public void FirstKSamplesTheFirstCountOver24ThenKeepsTheLast100ByArrival()
    {
        InvocationRecord[] w = Window(24 * 150);
        SrptJob[] jobs = SrptProfiler.SelectJobs(w, new SrptOptions());
        // Sample = records 0..149 (arrivals 4600 down to 4451); sorted by arrival, the last 100 are records 99..0.
        Assert.That(jobs, Has.Length.EqualTo(100));
        Assert.That(jobs[0], Is.EqualTo(new SrptJob(99 % 5, 0, 10)), "re-based on the first kept arrival (record 99)");
        Assert.That(jobs[^1], Is.EqualTo(new SrptJob(0, 99, 10)));
    }

    [Test]
    public void StrideSamplesEvery24thRecord()
    {
        InvocationRecord[] w = Window(24 * 3);
        SrptJob[] jobs = SrptProfiler.SelectJobs(w, new SrptOptions { Sampling = ReferenceSampling.Stride });
        // Records 23, 47, 71 (functions 3, 2, 1), arrivals 1049, 1025, 1001 -> sorted ascending, re-based.
        Assert.That(jobs, Is.EqualTo(new[] { new SrptJob(1, 0, 10), new SrptJob(2, 24, 10), new SrptJob(3, 48, 10) }));
    }

    [Test]
    public void FewerThan24RecordsGiveAnEmptySampleAndTheRoundOnlyCarriesOver()
    {
        Assert.That(SrptProfiler.SelectJobs(Window(23), new SrptOptions()), Is.Empty);
        var previous = new PolicySnapshot(4, 0, [new FunctionPolicy(2, 5_000_000)], [true]);
        RoundResult r = new LearningRound(new LearningOptions()).Run(Window(23), 30, previous, 9);
        Assert.That(r.Snapshot.Version, Is.EqualTo(5));
        Assert.That(r.Snapshot.TryGet(0, out FunctionPolicy p) && p == new FunctionPolicy(2, 5_000_000), Is.True);
        RoundResult dropped = new LearningRound(new LearningOptions { CarryOverAbsent = false }).Run(Window(23), 30, previous, 9);
        Assert.That(dropped.Snapshot.TryGet(0, out _), Is.False);
    }

    [Test]
    public void BurstIsTruncatedCpuMillisecondsButAtLeastOneAndUnknownFunctionsAreSkipped()
    {
        InvocationRecord a = Records.Make(1, 1, 0, 0, 5);
        a.CpuNs = 400_000; // 0.4 ms -> 1
        InvocationRecord b = Records.Make(2, 2, 3, 0, 9);
        b.CpuNs = 2_900_000; // 2.9 ms -> 2
        InvocationRecord unknown = Records.Make(3, -1, 1, 50, 60);
        SrptJob[] jobs = SrptProfiler.SelectJobs([a, b, unknown], new SrptOptions { Mode = SimulationMode.Multi, CpuCount = 2 });
        Assert.That(jobs, Is.EqualTo(new[] { new SrptJob(1, 0, 1), new SrptJob(2, 3, 2) }));
    }

    [Test]
    public void ProfileCarriesSimulatedListsAndObservedMeans()
    {
        InvocationRecord[] w =
        [
            Records.Make(1, 4, 0, 30, 100, blockedMs: 20, bursts: 2),
            Records.Make(2, 4, 0, 30, 200, blockedMs: 40, bursts: 4),
            Records.Make(3, 5, 2, 5, 210),
        ];
        FunctionProfile[] profiles = SrptProfiler.Build(w, new SrptOptions { Mode = SimulationMode.Multi, CpuCount = 2 });
        Assert.That(profiles.Select(p => p.FunctionId), Is.EqualTo(new[] { 4, 5 }));
        FunctionProfile f4 = profiles[0];
        // Same schedule as TwoCpusPreemptTheLongestRunningJob; completion order: job 0 (end 29) then job 1 (end 34).
        Assert.That(f4.Segments, Is.EqualTo(new[] { 30, 8, 22 }));
        Assert.That(f4.Waits, Is.EqualTo(new[] { 0, 0 }));
        Assert.That(f4.Durations, Is.EqualTo(new[] { 29, 34 }));
        Assert.That(f4.CpuTimes, Is.EqualTo(new[] { 30, 30 }));
        Assert.That(f4.ContextSwitches, Is.EqualTo(1));
        Assert.That((f4.Invocations, f4.MeanBlockedMs, f4.MeanBursts, f4.MeanWallMs), Is.EqualTo((2, 30.0, 3.0, 150.0)));
        Assert.That(profiles[1].Waits, Is.EqualTo(new[] { 6 }));
    }
}
