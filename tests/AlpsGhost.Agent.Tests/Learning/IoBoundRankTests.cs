using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>
/// The rank an I/O-bound function learns (alps and alps-io share the learner, docs/alps-io.md): its whole
/// invocation's CPU demand, not the length of one CPU burst between blocking waits.
/// </summary>
public class IoBoundRankTests
{
    private static readonly LearningOptions Options = new()
    {
        Srpt = new SrptOptions { Mode = SimulationMode.Multi, CpuCount = 1 },
        Tuning = new TuningOptions { Smoothing = false },
    };

    // Function 0: I/O-bound, 8 ms of CPU in 8 bursts of 1 ms separated by 10 ms blocking waits (88 ms wall).
    // Function 1: CPU-bound, 5 ms in one burst. Function 2: CPU-bound, 50 ms.
    private static InvocationRecord[] Window()
    {
        var records = new List<InvocationRecord>();
        long t = 0;
        for (int i = 0; i < 10; i++)
        {
            records.Add(Records.Make(records.Count + 1, 0, t, cpuMs: 8, endMs: t + 88, blockedMs: 80, bursts: 8));
            records.Add(Records.Make(records.Count + 1, 1, t + 100, cpuMs: 5, endMs: t + 105));
            records.Add(Records.Make(records.Count + 1, 2, t + 110, cpuMs: 50, endMs: t + 160));
            t += 200;
        }
        return [.. records];
    }

    [Test]
    public void IoBoundFunctionIsRankedByItsWholeInvocationDemand()
    {
        RoundResult result = new LearningRound(Options).Run(Window(), 50, PolicySnapshot.Empty, 1);
        FunctionDecision io = result.Decisions.First(d => d.FunctionId == 0);
        Assert.That(io.RankKey, Is.EqualTo(8).Within(1e-9), "rank key = mean CPU per invocation (8 ms), not per burst (1 ms)");
        Assert.That(result.Snapshot.TryGet(1, out FunctionPolicy shortCpu), Is.True);
        Assert.That(result.Snapshot.TryGet(0, out FunctionPolicy ioPolicy), Is.True);
        Assert.That(result.Snapshot.TryGet(2, out FunctionPolicy longCpu), Is.True);
        Assert.That((shortCpu.Rank, ioPolicy.Rank, longCpu.Rank), Is.EqualTo((1, 2, 3)),
            "a 5 ms CPU function runs ahead of the I/O function whose bursts are shorter but whose invocation needs 8 ms; a 50 ms one behind");
    }
}
