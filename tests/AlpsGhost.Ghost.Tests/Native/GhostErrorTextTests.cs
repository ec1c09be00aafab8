using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Tests.Native;

/// <summary>errno values become the documented operator messages, per operation.</summary>
public unsafe class GhostErrorTextTests
{
    [TestCase(GhostOperation.BecomeAgent, Errno.EPERM, "needs root or CAP_SYS_NICE")]
    [TestCase(GhostOperation.Run, Errno.EPERM, "needs root or CAP_SYS_NICE")]
    [TestCase(GhostOperation.Mount, Errno.ENOENT, "kernel without ghOSt")]
    [TestCase(GhostOperation.Mount, Errno.ENODEV, "kernel without ghOSt")]
    [TestCase(GhostOperation.CreateEnclave, Errno.ESRCH, "ABI not supported by this kernel")]
    [TestCase(GhostOperation.SetCpus, Errno.EBUSY, "belongs to another enclave")]
    [TestCase(GhostOperation.BecomeAgent, Errno.EBUSY, "still has an agent")]
    [TestCase(GhostOperation.AgentOnline, Errno.EBUSY, "already online")]
    [TestCase(GhostOperation.SetCpus, Errno.EXDEV, "being destroyed")]
    [TestCase(GhostOperation.BecomeAgent, Errno.EXDEV, "being destroyed")]
    [TestCase(GhostOperation.AssocQueue, Errno.ESTALE, "barrier moved")]
    [TestCase(GhostOperation.SwFree, Errno.EINVAL, "not CANFREE")]
    [TestCase(GhostOperation.CommitTxn, Errno.ENOTTY, "does not know this ioctl")]
    public void ErrnoTranslatesToTheDocumentedMeaning(GhostOperation op, int errno, string expected)
    {
        string text = GhostErrorText.Describe(op, errno);
        Assert.That(text, Does.Contain(expected));
        Assert.That(text, Does.Contain(Errno.Name(errno)), "the errno name is kept for searching");
    }

    [Test]
    public void EnoentMeansSomethingDifferentOnMountThanOnSwFree()
    {
        Assert.That(GhostErrorText.Describe(GhostOperation.SwFree, Errno.ENOENT), Does.Not.Contain("ghOSt"));
        Assert.That(GhostErrorText.Describe(GhostOperation.SwFree, Errno.ENOENT), Does.Contain("no such status word"));
    }

    [Test]
    public void CheckThrowsWithOperationErrnoAndSubject()
    {
        Assert.That(GhostNativeException.Check(5, GhostOperation.Run, "x"), Is.EqualTo(5));
        var e = Assert.Throws<GhostNativeException>(() => GhostNativeException.Check(-Errno.ESRCH, GhostOperation.CreateEnclave, "ABI 91"))!;
        Assert.That((e.Operation, e.Errno, e.Subject), Is.EqualTo((GhostOperation.CreateEnclave, Errno.ESRCH, "ABI 91")));
        Assert.That(e.Message, Is.EqualTo("creating an enclave failed with ESRCH: ABI not supported by this kernel (see /sys/fs/ghost/version) (ABI 91)"));
    }

    [Test]
    public void NativeErrnoFlowsThroughUnchanged()
    {
        // A real kernel errno produced by the shim: reading a file that does not exist.
        byte* buffer = stackalloc byte[16];
        fixed (byte* path = GhostNative.Utf8Z("/nonexistent/alps-ghost/version"))
        {
            Assert.That(GhostNative.ReadFile(path, buffer, 16), Is.EqualTo(-Errno.ENOENT));
        }
        Assert.That(Errno.Name(Errno.ENOENT), Is.EqualTo("ENOENT"));
        Assert.That(Errno.Name(9999), Is.EqualTo("errno 9999"));
    }
}
