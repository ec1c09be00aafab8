using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Learning;

/// <summary>The product of one learning round.</summary>
public sealed class RoundResult
{
    internal RoundResult(PolicySnapshot snapshot, IReadOnlyList<FunctionProfile> profiles, IReadOnlyList<FunctionDecision> decisions,
        int windowRecords, TimeSpan elapsed)
    {
        Snapshot = snapshot;
        Profiles = profiles;
        Decisions = decisions;
        WindowRecords = windowRecords;
        Elapsed = elapsed;
    }

    /// <summary>The new snapshot (version = previous + 1).</summary>
    public PolicySnapshot Snapshot { get; }

    /// <summary>SRPT profiles, by function id.</summary>
    public IReadOnlyList<FunctionProfile> Profiles { get; }

    /// <summary>Decisions of the functions simulated this round, in rank order.</summary>
    public IReadOnlyList<FunctionDecision> Decisions { get; }

    /// <summary>Records in the window the round learned from.</summary>
    public int WindowRecords { get; }

    /// <summary>Wall-clock duration of the round (Stopwatch).</summary>
    public TimeSpan Elapsed { get; }
}
