namespace AlpsGhost.Agent.Policies;

/// <summary>A run-queue position: compared by <see cref="Major"/>, then <see cref="Minor"/>, then <see cref="Sequence"/>; smaller runs first.</summary>
/// <param name="Major">Coarse order (ALPS: rank).</param>
/// <param name="Minor">Fine order (ALPS: CPU time consumed).</param>
/// <param name="Sequence">Tie breaker, unique per enqueue (arrival order).</param>
public readonly record struct QueueKey(long Major, long Minor, long Sequence) : IComparable<QueueKey>
{
    /// <inheritdoc/>
    public int CompareTo(QueueKey other)
    {
        int c = Major.CompareTo(other.Major);
        if (c != 0)
        {
            return c;
        }
        c = Minor.CompareTo(other.Minor);
        return c != 0 ? c : Sequence.CompareTo(other.Sequence);
    }

    /// <summary>Whether this key runs strictly before <paramref name="other"/>.</summary>
    public bool Before(QueueKey other) => CompareTo(other) < 0;
}
