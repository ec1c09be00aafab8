using AlpsGhost.Config;

namespace AlpsGhost.Service.Registration;

/// <summary>Who the registration socket trusts: <see cref="RegistrationTrust"/> over the socket's config.</summary>
/// <param name="Socket">The configured socket (allowed uids and gids).</param>
/// <param name="RootIsTrusted">True in production (root is always trusted, as <see cref="RegistrationTrust.IsTrusted"/>
/// says). Tests run as root and set it false to exercise the untrusted path with real SO_PEERCRED credentials.</param>
public sealed record RegistrationTrustPolicy(RegistrationSocketConfig Socket, bool RootIsTrusted = true)
{
    /// <summary>Whether a peer with these credentials is trusted.</summary>
    public bool IsTrusted(PeerCredentials peer) =>
        peer.Uid == 0 ? RootIsTrusted || ListedOtherwise(peer) : RegistrationTrust.IsTrusted(Socket, peer.Uid, peer.Gid);

    // With root not special, root is trusted only through the lists (uid 0 listed, or its gid listed).
    private bool ListedOtherwise(PeerCredentials peer) =>
        Socket.AllowedUids.AsSpan().Contains(0) || Socket.AllowedGids.AsSpan().Contains(peer.Gid);
}
