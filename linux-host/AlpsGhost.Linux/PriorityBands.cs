namespace AlpsGhost.Linux;

/// <summary>
/// The SCHED_FIFO priorities the backend uses: a band 1..<see cref="BandTop"/> for managed tasks, the agent's own
/// thread (and its watchdog) at <see cref="AgentPriority"/> above it, and the mapping of an order key onto a band.
/// </summary>
/// <remarks>
/// <para>Keys (a Gittins index or a remaining demand, ns) map on a log scale with ratio sqrt(2) from
/// <see cref="BaseKeyNs"/>: band 0 up to the base, then one band per factor sqrt(2); priority = BandTop - band, at
/// least 1. Lower key, higher priority. Log-scale bands mean a task's priority changes (one syscall) only when
/// its key crosses a boundary.</para>
/// <para>Ranks map linearly: rank 1 at BandTop, each further rank one lower, at least 1.</para>
/// </remarks>
public static class PriorityBands
{
    /// <summary>Highest priority of a managed task.</summary>
    public const int BandTop = 40;

    /// <summary>The agent's scheduling thread and its watchdog: above every managed task.</summary>
    public const int AgentPriority = BandTop + 1;

    /// <summary>The one priority of policies without an order (fifo, sfs).</summary>
    public const int Single = BandTop / 2;

    /// <summary>Keys up to this (100 us) share the top band.</summary>
    public const long BaseKeyNs = 100_000;

    /// <summary>The priority of a task whose order key is <paramref name="keyNs"/>.</summary>
    public static int ForKey(long keyNs)
    {
        if (keyNs <= BaseKeyNs)
        {
            return BandTop;
        }
        // 2 log2(key / base) = bands of ratio sqrt(2); doubles are exact enough here (a band is 41 % wide).
        int band = 1 + (int)Math.Floor(2 * Math.Log2((double)keyNs / BaseKeyNs));
        return Math.Max(1, BandTop - band);
    }

    /// <summary>The priority of a task of rank <paramref name="rank"/> (1 = first).</summary>
    public static int ForRank(int rank) => Math.Clamp(BandTop - (rank - 1), 1, BandTop);
}
