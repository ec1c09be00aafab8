using AlpsGhost.Kernel.Fair;

namespace AlpsGhost.Kernel;

/// <summary>Mutable state of one simulated CPU.</summary>
internal sealed class SimCpu
{
    public SimCpu(int id, Func<SimCpu, IFairRunQueue> fairQueue)
    {
        Id = id;
        Rq = fairQueue(this);
    }

    public readonly int Id;
    public readonly IFairRunQueue Rq;

    /// <summary>Waiting real-time tasks, highest priority first, FIFO within a priority.</summary>
    public readonly List<SimTask> Rt = [];
    public bool InEnclave;
    public bool FairAllowed = true;

    public SimTask? Current;
    public SimTask? LastRan;
    public long RunStart;
    public long LastUpdate;
    public long SliceEnd;
    public int Gen;

    public bool AgentRunning;

    public SimTask? Latched;
    public bool LatchReady;
    public bool ForceOffPending;
    public int LatchGen;
    public ulong CpuSeqnum;

    public long BusyNs;

    // The fair server (SimulationOptions.FairServerRuntimeNs): since when fair tasks here have waited behind real-time
    // work (-1: not starved), until when the server runs them ahead of real-time work, and a generation for its events.
    public long FairStarvedSince = -1;
    public long FairServerUntil;
    public int FairServerGen;

    /// <summary>Set when the CPU found nothing to run; the next task to start here pays the idle wake-up.</summary>
    public bool Idle = true;

    /// <summary>CFS load: queued fair tasks plus one for whatever occupies the CPU (ghost counts as loaded, KC cfs_load_added).</summary>
    public int Load => Rq.Count + Rt.Count + (Current != null || AgentRunning || Latched != null ? 1 : 0);
}
