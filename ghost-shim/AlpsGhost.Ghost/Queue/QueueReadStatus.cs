namespace AlpsGhost.Ghost.Queue;

/// <summary>Outcome of <see cref="GhostQueue.TryPeek"/>.</summary>
public enum QueueReadStatus
{
    /// <summary>No message (head == tail).</summary>
    Empty,
    /// <summary>A well-formed message is available.</summary>
    Message,
    /// <summary>
    /// The ring's indices or the message at the tail are inconsistent (length shorter than a header,
    /// running past the end of the ring or past head, or head more than a ring ahead of tail).
    /// The consumer must resynchronise (<see cref="GhostQueue.SkipToHead"/>), never spin on it.
    /// </summary>
    Corrupt,
}
