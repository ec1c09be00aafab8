using AlpsGhost.Ghost.Host;

namespace AlpsGhost.Ghost.Tests.Host;

/// <summary>The host probe names what is missing with a distinct code, exit code and the --kernel sim suggestion.</summary>
public class GhostHostProbeTests
{
    private const string RootCaps = "Name:\ttest\nCapEff:\t000001ffffffffff\n";
    private const string NoCaps = "Name:\ttest\nCapEff:\t0000000000000000\n";

    [Test]
    public void ThisMachineHasNoGhostKernel()
    {
        Assume.That(Directory.Exists("/sys/fs/ghost"), Is.False, "this test describes a host without ghOSt");
        HostProbeResult r = GhostHostProbe.Check();
        Assert.That(r.Code, Is.EqualTo(HostProbeCode.NoGhostKernel));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.NoGhostKernel));
        Assert.That(r.Message, Does.Contain("Kernel without ghOSt").And.Contain("/sys/fs/ghost").And.Contain("--kernel sim"));
        Assert.That(r.IsOk, Is.False);
    }

    [Test]
    public void MountPointWithoutGhostfsIsReportedAfterTryingToMount()
    {
        using var tree = new TempTree();
        // An empty directory: mount("ghost") fails with ENODEV/ENOENT here (no ghost fs type) or
        // EPERM in an unprivileged container; both are reported, never thrown.
        HostProbeResult r = GhostHostProbe.Check(tree.Root, tree.File("status", RootCaps));
        Assert.That(r.Code, Is.AnyOf(HostProbeCode.NoGhostKernel, HostProbeCode.GhostfsNotMounted));
        Assert.That(r.Message, Does.Contain(tree.Root).And.Contain("--kernel sim"));
    }

    [Test]
    public void UnsupportedAbiListsBothSides()
    {
        using var tree = new TempTree();
        tree.File("ghost/version", "75\n74\n");
        HostProbeResult r = GhostHostProbe.Check(tree.PathOf("ghost"), tree.File("status", RootCaps));
        Assert.That(r.Code, Is.EqualTo(HostProbeCode.AbiNotSupported));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.AbiNotSupported));
        Assert.That(r.KernelVersions, Is.EqualTo(new[] { 75, 74 }));
        Assert.That(r.Message, Does.Contain("75, 74").And.Contain("91, 90, 84").And.Contain("--kernel sim"));
    }

    [Test]
    public void MissingCapSysNiceIsNotPrivileged()
    {
        using var tree = new TempTree();
        tree.File("ghost/version", "91\n");
        HostProbeResult r = GhostHostProbe.Check(tree.PathOf("ghost"), tree.File("status", NoCaps));
        Assert.That(r.Code, Is.EqualTo(HostProbeCode.NotPrivileged));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.NotPrivileged));
        Assert.That(r.Message, Does.Contain("CAP_SYS_NICE").And.Contain("--kernel sim"));
    }

    [Test]
    public void CapSysNiceAloneIsEnough()
    {
        using var tree = new TempTree();
        tree.File("ghost/version", "90\n84\n");
        HostProbeResult r = GhostHostProbe.Check(tree.PathOf("ghost"), tree.File("status", "CapEff:\t0000000000800000\n"));
        Assert.That(r.Code, Is.EqualTo(HostProbeCode.Ok), r.Message);
        Assert.That(r.SelectedVersion, Is.EqualTo(90), "the newest common ABI");
        Assert.That(r.ExitCode, Is.Zero);
    }

    [Test]
    public void MalformedVersionFileIsReportedNotThrown()
    {
        using var tree = new TempTree();
        tree.File("ghost/version", "ninety-one\n");
        HostProbeResult r = GhostHostProbe.Check(tree.PathOf("ghost"), tree.File("status", RootCaps));
        Assert.That(r.Code, Is.EqualTo(HostProbeCode.VersionUnreadable));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.GhostfsFormat));
        Assert.That(r.Message, Does.Contain("ninety-one"));
    }

    [Test]
    public void ExitCodesAreDistinct()
    {
        int[] codes = [ExitCodes.Ok, ExitCodes.Failure, ExitCodes.Usage, ExitCodes.NoGhostKernel, ExitCodes.GhostfsNotMounted,
            ExitCodes.AbiNotSupported, ExitCodes.NotPrivileged, ExitCodes.EnclaveBusy, ExitCodes.AbiSelfCheckFailed,
            ExitCodes.NativeLibraryMissing, ExitCodes.GhostfsFormat];
        Assert.That(codes, Is.Unique);
    }

    [TestCase("CapEff:\t0000003fffffffff\n", true)]
    [TestCase("CapEff:\t0000000000000000\n", false)]
    [TestCase("CapEff:\t0000000000800000\n", true)]
    [TestCase("CapEff:\t00000000007fffff\n", false)]
    public void CapEffBit23IsCapSysNice(string status, bool expected) =>
        Assert.That((Capabilities.ParseEffective(status) & (1UL << Capabilities.CapSysNice)) != 0, Is.EqualTo(expected));

    [TestCase("Name: x\n")]
    [TestCase("CapEff:\tzz\n")]
    [TestCase("CapEff:\t00000000000000000001\n")]
    public void MalformedCapabilitiesAreRejected(string status) =>
        Assert.Throws<GhostfsFormatException>(() => Capabilities.ParseEffective(status));
}
