using System.Text;

namespace AlpsGhost.Linux.Tests;

/// <summary>The re-execution that keeps the runtime's tier-up worker alive takes back exactly the arguments it ran with.</summary>
public sealed class TieringWorkerGuardTests
{
    [Test]
    public void CommandLine_SplitsOnNul_KeepingEmptyAndNonAsciiArguments()
    {
        byte[] block = Encoding.UTF8.GetBytes("alps-ghost-agent\0--kernel\0linux\0\0--config\0/tmp/é x.json\0");
        Assert.That(TieringWorkerGuard.SplitCommandLine(block), Is.EqualTo(new[] { "alps-ghost-agent", "--kernel", "linux", "", "--config", "/tmp/é x.json" }));
    }

    [Test]
    public void CommandLine_KeepsALastArgumentWithoutItsNul()
    {
        Assert.That(TieringWorkerGuard.SplitCommandLine("a\0bc"u8), Is.EqualTo(new[] { "a", "bc" }));
        Assert.That(TieringWorkerGuard.SplitCommandLine([]), Is.Empty);
    }

    [Test]
    public void OwnCommandLine_RoundTrips()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("needs /proc/self/cmdline (Linux)");
        }
        List<string> args = TieringWorkerGuard.SplitCommandLine(File.ReadAllBytes("/proc/self/cmdline"));
        Assert.That(args, Is.Not.Empty);
        Assert.That(args[^1], Is.EqualTo(Environment.GetCommandLineArgs()[^1]), "the last argument of this test process");
    }
}
