using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;

namespace AlpsGhost.Kernel.Tests;

/// <summary>Drains an enclave's queue, remembering each task's last seqnum and message, in arrival order.</summary>
internal sealed class Drainer(IGhostEnclave e)
{
    public List<long> Gtids { get; } = [];

    public Dictionary<long, uint> Seq { get; } = [];

    public Dictionary<long, GhostMessageType> LastType { get; } = [];

    public List<(long Gtid, GhostMessageType Type, byte WasLatched)> Log { get; } = [];

    public void Drain()
    {
        while (e.Queue.TryPeek(out GhostMessage m) == QueueReadStatus.Message)
        {
            if (GhostMessageTypes.IsTaskMessage(m.Type))
            {
                long g = m.Gtid;
                if (m.Type == GhostMessageType.TaskNew)
                {
                    Gtids.Add(g);
                }
                Seq[g] = m.Seqnum;
                LastType[g] = m.Type;
                byte latched = m.Type == GhostMessageType.TaskPreempt ? m.ReadPayload<TaskPreemptPayload>().WasLatched : (byte)0;
                Log.Add((g, m.Type, latched));
            }
            e.Queue.Consume(in m);
        }
    }

    /// <summary>Fills and commits one txn; returns its final state.</summary>
    public GhostTxnState Commit(int cpu, long gtid, uint barrier, RunFlags run = RunFlags.None, CommitFlags commit = CommitFlags.None, Action<IGhostEnclave>? tweak = null)
    {
        ref GhostTxn t = ref e.Txn(cpu);
        t.Gtid = gtid;
        t.TaskBarrier = barrier;
        t.RunFlags = (ushort)run;
        t.CommitFlags = (byte)commit;
        tweak?.Invoke(e);
        t.State = (int)GhostTxnState.Ready;
        e.CommitTransactions([cpu]);
        return (GhostTxnState)e.Txn(cpu).State;
    }
}
