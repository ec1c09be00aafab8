namespace AlpsGhost.Config;

/// <summary>The trust rules of the registration socket, as pure functions the socket and the agent apply.</summary>
/// <remarks>
/// Peer credentials come from <c>SO_PEERCRED</c> (pid, uid, gid verified by the kernel). Root and the configured
/// uids/gids are trusted. An untrusted peer may only register its own pid, and whatever function it claims, its
/// tasks never rank better than an unknown task and never get a slice: registering can only lower its priority.
/// SO_PEERCRED carries the primary gid only; supplementary groups are not consulted.
/// </remarks>
public static class RegistrationTrust
{
    /// <summary>Whether a peer with <paramref name="uid"/>/<paramref name="gid"/> is trusted by <paramref name="socket"/>.</summary>
    public static bool IsTrusted(RegistrationSocketConfig socket, int uid, int gid)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return uid == 0 || Contains(socket.AllowedUids, uid) || Contains(socket.AllowedGids, gid);
    }

    /// <summary>Whether a peer (process <paramref name="peerPid"/>) may register <paramref name="targetPid"/>.</summary>
    public static bool MayRegister(bool trusted, int peerPid, int targetPid) => trusted || peerPid == targetPid;

    /// <summary>The rank and slice a registered task gets: the policy's decision for a trusted registration, else
    /// that decision capped at the unknown-function rank (never better) with no slice.</summary>
    /// <param name="trusted">Whether the registering peer is trusted.</param>
    /// <param name="rank">The rank the policy gives the claimed function (lower runs first).</param>
    /// <param name="sliceNs">The slice the policy gives the claimed function.</param>
    /// <param name="unknown">The unknown-function settings.</param>
    public static (int Rank, long SliceNs) Cap(bool trusted, int rank, long sliceNs, UnknownFunctionsConfig unknown)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfNegative(sliceNs);
        return trusted ? (rank, sliceNs) : (Math.Max(rank, unknown.EffectiveRank), 0);
    }

    private static bool Contains(EquatableArray<int> ids, int id)
    {
        foreach (int candidate in ids.AsSpan())
        {
            if (candidate == id)
            {
                return true;
            }
        }
        return false;
    }
}
