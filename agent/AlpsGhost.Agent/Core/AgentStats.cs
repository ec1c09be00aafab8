using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Agent.Core;

/// <summary>Counters and gauges of a <see cref="CentralizedAgent"/>.</summary>
/// <remarks>
/// Written only by the agent thread; other threads may read them at any time (64-bit reads are atomic)
/// and see values at most one round old. Gauges are refreshed at the end of every round.
/// </remarks>
public sealed class AgentStats
{
    private readonly long[] _messagesByType = new long[GhostMessageTypes.CpuLast + 1];
    private readonly long[] _txnOutcomes = new long[GhostTxnStates.FinishedStateCount];

    internal AgentStats(AgentMode mode, string policy)
    {
        Mode = mode;
        Policy = policy;
    }

    /// <summary>How the agent waits for work (from the enclave).</summary>
    public AgentMode Mode { get; }

    /// <summary>Name of the scheduling policy.</summary>
    public string Policy { get; }

    /// <summary>Messages handled, NOP padding included.</summary>
    public long TotalMessages { get; internal set; }

    /// <summary>Messages of <paramref name="type"/> handled.</summary>
    public long Messages(GhostMessageType type) => (uint)type < (uint)_messagesByType.Length ? _messagesByType[(int)type] : 0;

    /// <summary>Messages of a type this agent does not know (counted, skipped).</summary>
    public long UnknownMessageTypes { get; internal set; }

    /// <summary>Task messages (other than TASK_NEW) for a gtid the agent does not track.</summary>
    public long UnknownTaskMessages { get; internal set; }

    /// <summary>Task messages whose seqnum was not the last one + 1 (recovered from the status word).</summary>
    public long SeqnumGaps { get; internal set; }

    /// <summary>Times the queue was found corrupt, skipped to head and every task resynchronised.</summary>
    public long CorruptQueueResyncs { get; internal set; }

    /// <summary>Times the kernel queue's overflow counter moved (messages dropped) and every task was resynchronised.</summary>
    public long OverflowResyncs { get; internal set; }

    /// <summary>Task messages older than what the agent already knew (after a resync), skipped.</summary>
    public long StaleMessages { get; internal set; }

    /// <summary>Slots skipped by corrupt-queue recovery.</summary>
    public long SkippedSlots { get; internal set; }

    /// <summary>Tasks adopted from the status-word region during a resync (their TASK_NEW was lost).</summary>
    public long TasksDiscovered { get; internal set; }

    /// <summary>TASK_NEWs dropped because the task table was full.</summary>
    public long TaskTableFull { get; internal set; }

    /// <summary>TASK_NEWs whose status word is outside the enclave's region (task ignored).</summary>
    public long BadStatusWords { get; internal set; }

    /// <summary>Status words the enclave refused to free.</summary>
    public long StatusWordFreeFailures { get; internal set; }

    /// <summary>Tasks that died or departed.</summary>
    public long TasksCompleted { get; internal set; }

    /// <summary>Scheduling rounds (<see cref="CentralizedAgent.RunOnce"/> calls).</summary>
    public long Rounds { get; internal set; }

    /// <summary>Transactions committed (attempted).</summary>
    public long Decisions { get; internal set; }

    /// <summary>Transactions that put a task on a CPU (GHOST_TXN_COMPLETE).</summary>
    public long Dispatches { get; internal set; }

    /// <summary>Completed transactions that displaced a task we had running there.</summary>
    public long Preemptions { get; internal set; }

    /// <summary>Picks put back for one round (status word ONCPU, or messages not yet read).</summary>
    public long DeferredPicks { get; internal set; }

    /// <summary>Transactions that finished in <paramref name="state"/>.</summary>
    public long TxnOutcome(GhostTxnState state)
    {
        int i = GhostTxnStates.Index(state);
        return (uint)i < (uint)_txnOutcomes.Length ? _txnOutcomes[i] : 0;
    }

    /// <summary>Tasks tracked.</summary>
    public int TasksKnown { get; internal set; }

    /// <summary>Tasks runnable without a CPU (run-queue depth).</summary>
    public int RunQueueDepth { get; internal set; }

    /// <summary>Tasks owning a CPU (latched or running).</summary>
    public int TasksRunning { get; internal set; }

    /// <summary>Tasks runnable: queued or owning a CPU.</summary>
    public int TasksRunnable { get; internal set; }

    /// <summary>Invocation records the observation queue dropped because it was full.</summary>
    public long ObservationDrops { get; internal set; }

    /// <summary>The kernel queue's overflow counter (messages the kernel could not deliver).</summary>
    public long QueueOverflow { get; internal set; }

    /// <summary>A multi-line human-readable report (allocates; for logs and shutdown, not the hot path).</summary>
    public override string ToString()
    {
        var b = new System.Text.StringBuilder();
        b.Append("policy ").Append(Policy).Append(", agent mode ").Append(Mode).AppendLine();
        b.Append("rounds ").Append(Rounds).Append(", messages ").Append(TotalMessages)
            .Append(", decisions ").Append(Decisions).Append(", dispatches ").Append(Dispatches)
            .Append(", preemptions ").Append(Preemptions).Append(", deferred picks ").Append(DeferredPicks).AppendLine();
        b.Append("tasks known ").Append(TasksKnown).Append(", runnable ").Append(TasksRunnable).Append(", running ").Append(TasksRunning)
            .Append(", run queue ").Append(RunQueueDepth).Append(", completed ").Append(TasksCompleted).AppendLine();
        b.Append("seqnum gaps ").Append(SeqnumGaps).Append(", corrupt-queue resyncs ").Append(CorruptQueueResyncs)
            .Append(" (").Append(SkippedSlots).Append(" slots skipped, ").Append(TasksDiscovered).Append(" tasks rediscovered), overflow resyncs ").Append(OverflowResyncs)
            .Append(", stale messages ").Append(StaleMessages)
            .Append(", unknown-task messages ").Append(UnknownTaskMessages).Append(", unknown types ").Append(UnknownMessageTypes).AppendLine();
        b.Append("table full ").Append(TaskTableFull).Append(", bad status words ").Append(BadStatusWords)
            .Append(", status-word free failures ").Append(StatusWordFreeFailures)
            .Append(", observation drops ").Append(ObservationDrops).Append(", kernel queue overflow ").Append(QueueOverflow).AppendLine();
        b.Append("messages:");
        for (int t = 0; t < _messagesByType.Length; t++)
        {
            if (_messagesByType[t] != 0)
            {
                b.Append(' ').Append((GhostMessageType)t).Append('=').Append(_messagesByType[t]);
            }
        }
        b.AppendLine();
        b.Append("txn outcomes:");
        for (int i = 0; i < _txnOutcomes.Length; i++)
        {
            if (_txnOutcomes[i] != 0)
            {
                b.Append(' ').Append(GhostTxnStates.KernelName(GhostTxnState.Complete + i)).Append('=').Append(_txnOutcomes[i]);
            }
        }
        return b.ToString();
    }

    internal void CountMessage(GhostMessageType type)
    {
        TotalMessages++;
        if ((uint)type < (uint)_messagesByType.Length)
        {
            _messagesByType[(int)type]++;
        }
    }

    internal void CountOutcome(GhostTxnState state)
    {
        int i = GhostTxnStates.Index(state);
        if ((uint)i < (uint)_txnOutcomes.Length)
        {
            _txnOutcomes[i]++;
        }
    }
}
