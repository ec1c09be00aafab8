namespace AlpsGhost.Agent.Policy;

/// <summary>
/// Hands immutable <see cref="PolicySnapshot"/>s from the learner to the hot path: one atomic store
/// to publish, one volatile read to use. No locks, so the agent never waits for the learner.
/// </summary>
public sealed class PolicyPublisher
{
    private PolicySnapshot _current;
    private long _published;

    /// <summary>Starts with <paramref name="initial"/> (e.g. a static table, or <see cref="PolicySnapshot.Empty"/>).</summary>
    public PolicyPublisher(PolicySnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>The snapshot in force (volatile read).</summary>
    public PolicySnapshot Current => Volatile.Read(ref _current);

    /// <summary>Snapshots published since construction.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Makes <paramref name="snapshot"/> the one in force (release store).</summary>
    public void Publish(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
        Interlocked.Increment(ref _published);
    }
}
