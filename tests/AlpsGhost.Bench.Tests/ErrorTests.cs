using AlpsGhost.Bench.Matrix;

namespace AlpsGhost.Bench.Tests;

/// <summary>Bad input gets a clear message and exit code 2, before any run starts.</summary>
[TestFixture]
public sealed class ErrorTests
{
    [Test]
    public void UnknownPolicyListsTheAcceptedNamesFromTheAgent()
    {
        string workload = TestWorkloads.Write("tiny", TestWorkloads.Tiny);
        string outDir = Path.Combine(Path.GetDirectoryName(workload)!, "out");
        (int rc, _, string errors) = Cli.Run("run", "--workloads", workload, "--policies", "cfs,bogus", "--out", outDir);
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("unknown policy 'bogus'"));
        foreach (string name in PolicyCatalog.Accepted)
        {
            Assert.That(errors, Does.Contain(name));
        }
        Assert.That(PolicyCatalog.Accepted, Is.SupersetOf(new[] { "cfs", "fifo", "alps", "alps-static" }));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing is written for bad input");
        Directory.Delete(Path.GetDirectoryName(workload)!, recursive: true);
    }

    [Test]
    public void UnknownWorkloadNamesItAndTheKnownOnes()
    {
        (int rc, _, string errors) = Cli.Run("run", "--workloads", "no-such-workload", "--policies", "cfs", "--out", Path.Combine(Path.GetTempPath(), "alps-bench-never"));
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("unknown workload 'no-such-workload'"));
        Assert.That(errors, Does.Contain("fib-groups"), "the repository's workload names are listed");
    }

    [Test]
    public void BadSeedAndMalformedWorkloadFileAreUsageErrors()
    {
        (int rc, _, string errors) = Cli.Run("run", "--workloads", "fib-groups", "--policies", "cfs", "--seeds", "1,x", "--out", "/tmp/alps-bench-never");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("'x' is not a seed"));

        string broken = TestWorkloads.Write("broken", """{ "duration_s": 1, "functions": [ { "name": "f", "cpuu": 1 } ] }""");
        (rc, _, errors) = Cli.Run("run", "--workloads", broken, "--policies", "cfs", "--out", "/tmp/alps-bench-never");
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("cpuu"));
        Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
    }

    [TestCase("gittins-oracle")]
    [TestCase("gittins-oracle-seen")]
    public void AGittinsOracleOnTheSimulatedLinuxHostIsRefusedBeforeAnyRun(string policy)
    {
        // The Linux twin has no table of true distributions: running it would silently be alps without learning.
        string outDir = Path.Combine(Path.GetTempPath(), "alps-bench-never-" + Guid.NewGuid().ToString("N"));
        (int rc, _, string errors) = Cli.Run("run", "--host", "linux", "--workloads", "fib-groups", "--policies", "cfs," + policy, "--out", outDir);
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain(policy).And.Contain("--host ghost"));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing is written for bad input");
    }

    [Test]
    public void RealCommandRejectsUnknownWorkload()
    {
        (int rc, _, string errors) = Cli.Run("real", "--workloads", "no-such-workload", "--policies", "cfs", "--out", Path.Combine(Path.GetTempPath(), "alps-bench-never-written"));
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("unknown workload"));
    }

    // Property: `auto` is the default agent mode (the one measured best at 2, 16 and 56 CPUs), and an
    // explicit mode is taken as given.
    [Test]
    public void AutoAgentModeIsTheDefaultMode()
    {
        Assert.That(MatrixSpec.ResolveAgentMode("auto"), Is.EqualTo(AlpsGhost.Ghost.AgentModes.Name(AlpsGhost.Ghost.AgentModes.Default)));
        Assert.That(MatrixSpec.ResolveAgentMode("adaptive"), Is.EqualTo("adaptive"));
        Assert.That(() => MatrixSpec.ResolveAgentMode("spin"), Throws.TypeOf<AlpsGhost.Bench.BenchException>().With.Message.Contains("spinning, queue-wakeup, adaptive or auto"));
    }
}
