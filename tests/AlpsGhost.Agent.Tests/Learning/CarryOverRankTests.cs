using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>A function absent from this round's window keeps its place in the rank order, never a stale duplicate rank.</summary>
public class CarryOverRankTests
{
    private static readonly LearningOptions Options = new()
    {
        Srpt = new SrptOptions { Mode = SimulationMode.Multi, CpuCount = 1 },
        Tuning = new TuningOptions { Smoothing = false },
    };

    private static InvocationRecord[] Window(params (int Function, long CpuMs)[] jobs)
    {
        var records = new InvocationRecord[jobs.Length];
        long t = 0;
        for (int i = 0; i < jobs.Length; i++)
        {
            records[i] = Records.Make(i + 1, jobs[i].Function, t, jobs[i].CpuMs, t + jobs[i].CpuMs);
            t += jobs[i].CpuMs + 1;
        }
        return records;
    }

    [Test]
    public void CarriedShortFunctionStaysAheadOfALongFunctionLearnedAlone()
    {
        var round = new LearningRound(Options);
        RoundResult first = round.Run(Window((0, 2), (1, 300), (0, 2), (1, 300)), 30, PolicySnapshot.Empty, 1);
        Assert.That(first.Snapshot.TryGet(0, out FunctionPolicy a1) && a1.Rank == 1, Is.True, "short is rank 1");
        Assert.That(first.Snapshot.TryGet(1, out FunctionPolicy b1) && b1.Rank == 2, Is.True, "long is rank 2");

        // The next window holds only the long function: alone it would be rank 1, tying the carried short one.
        RoundResult second = round.Run(Window((1, 300), (1, 300)), 30, first.Snapshot, 2);
        Assert.That(second.Snapshot.TryGet(0, out FunctionPolicy a2), Is.True, "the absent short function is carried over");
        Assert.That(second.Snapshot.TryGet(1, out FunctionPolicy b2), Is.True);
        Assert.That((a2.Rank, b2.Rank), Is.EqualTo((1, 2)), "ranks stay distinct and in order of learned basis");
        Assert.That(a2.SliceNs, Is.EqualTo(a1.SliceNs), "a carried function keeps its slice");
    }
}
