namespace AlpsGhost.Config.Tests;

/// <summary>The registration socket's trust rules: an unprivileged peer can only lower its own priority.</summary>
public sealed class RegistrationTrustTests
{
    private static readonly RegistrationSocketConfig Socket = new()
    {
        AllowedUids = new EquatableArray<int>([1000]),
        AllowedGids = new EquatableArray<int>([27]),
    };

    [TestCase(0, 0, true)]
    [TestCase(1000, 100, true)]
    [TestCase(1001, 27, true)]
    [TestCase(1001, 100, false)]
    [TestCase(65534, 65534, false)]
    public void Root_AllowedUids_AndAllowedGids_AreTrusted(int uid, int gid, bool trusted)
    {
        Assert.That(RegistrationTrust.IsTrusted(Socket, uid, gid), Is.EqualTo(trusted));
    }

    [Test]
    public void UntrustedPeer_MayRegisterOnlyItsOwnPid()
    {
        Assert.That(RegistrationTrust.MayRegister(trusted: false, peerPid: 42, targetPid: 42), Is.True);
        Assert.That(RegistrationTrust.MayRegister(trusted: false, peerPid: 42, targetPid: 43), Is.False);
        Assert.That(RegistrationTrust.MayRegister(trusted: true, peerPid: 42, targetPid: 43), Is.True);
    }

    [Test]
    public void UntrustedClaim_NeverBeatsTheUnknownRank_AndGetsNoSlice()
    {
        var fallback = new UnknownFunctionsConfig { Mode = UnknownFunctionMode.FallbackRank, Rank = 7 };
        // Claiming a short function (rank 1, 8 ms) buys nothing over being unknown.
        Assert.That(RegistrationTrust.Cap(false, 1, 8_000_000, fallback), Is.EqualTo((7, 0L)));
        // Claiming a long one lowers priority, which is allowed.
        Assert.That(RegistrationTrust.Cap(false, 9, 200_000_000, fallback), Is.EqualTo((9, 0L)));
        // Trusted registrations keep the policy's decision.
        Assert.That(RegistrationTrust.Cap(true, 1, 8_000_000, fallback), Is.EqualTo((1, 8_000_000L)));
        // With "fair", the unknown rank is the snapshot's largest, which moves: untrusted claims go to the worst rank.
        Assert.That(RegistrationTrust.Cap(false, 1, 8_000_000, new UnknownFunctionsConfig()), Is.EqualTo((int.MaxValue, 0L)),
            "in fair mode the unknown rank moves with each snapshot: an untrusted registration can only fall behind every function");
    }
}
