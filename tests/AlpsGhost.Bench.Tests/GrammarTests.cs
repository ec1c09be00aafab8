namespace AlpsGhost.Bench.Tests;

/// <summary>alps-bench speaks the agent's grammar: bad input is one line on stderr naming the option and what it
/// accepts, exit 2; lists take repeats, spaces or commas; SIGINT leaves partial, labelled outputs and exit 130.</summary>
[TestFixture]
public sealed class GrammarTests
{
    [TestCase(new[] { "run", "--workloads", "fib-groups", "--policies", "cfs", "--out", "/tmp/x", "--bogus" }, "--bogus")]
    [TestCase(new[] { "run", "--workloads", "fib-groups", "--policies", "cfs", "--out", "/tmp/x", "--cpus", "x" }, "--cpus 'x' is not valid: expected an integer")]
    [TestCase(new[] { "run", "--workloads", "fib-groups", "--policies", "cfs", "--out", "/tmp/x", "--cpus", "0" }, "--cpus '0' is not valid: expected an integer 1..1024")]
    [TestCase(new[] { "run", "--workloads", "fib-groups", "--policies", "cfs", "--out", "/tmp/x", "--utilization", "NaN" }, "--utilization 'NaN' is not valid")]
    [TestCase(new[] { "run", "--workloads", "fib-groups", "--policies", "cfs", "--out", "/tmp/x", "--agent-mode", "busy" }, "--agent-mode 'busy' is not valid: expected one of adaptive, auto, queue-wakeup, spinning")]
    [TestCase(new[] { "run", "--workloads", "fib-groups", "--policies", "cfs,,alps", "--out", "/tmp/x" }, "--policies 'cfs,,alps' has an empty item")]
    [TestCase(new[] { "run", "--policies", "cfs", "--out", "/tmp/x" }, "--workloads")]
    [TestCase(new[] { "faults", "--output", "yaml" }, "--output 'yaml' is not valid: expected one of csv, json, table")]
    public void BadInputIsOneLineNamingTheOptionAndExit2(string[] args, string expected)
    {
        (int rc, string output, string errors) = Cli.Run(args);
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), "one line, no help dump: " + errors);
        Assert.That(errors, Does.StartWith("alps-bench").And.Contain(expected));
        Assert.That(errors, Does.Not.Contain("System."), "no CLR type names");
        Assert.That(output, Is.Empty, "no help on stdout");
    }

    [Test]
    public void OutIsAnExistingFileIsExit2NotACrash()
    {
        string file = Path.GetTempFileName();
        try
        {
            (int rc, _, string errors) = Cli.Run("run", "--workloads", "fib-groups", "--policies", "cfs", "--out", file);
            Assert.That(rc, Is.EqualTo(2));
            Assert.That(errors, Does.Contain($"--out '{file}' is a file"));
            (rc, _, errors) = Cli.Run("run", "--workloads", "fib-groups", "--policies", "cfs", "--out", Path.Combine(file, "sub"));
            Assert.That(rc, Is.EqualTo(2));
            Assert.That(errors, Does.Contain("cannot be created"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void ListsAcceptRepeatsSpacesAndCommasAlike()
    {
        string workload = TestWorkloads.Write("tiny-lists", TestWorkloads.Tiny);
        string root = Path.GetDirectoryName(workload)!;
        try
        {
            (int rc, string output, string errors) = Cli.Run("run", "--workloads", workload, "--policies", "cfs", "--policies", "fifo", "alps",
                "--seeds", "1,2", "--no-plots", "--out", Path.Combine(root, "out"));
            Assert.That(rc, Is.Zero, errors);
            Assert.That(output, Does.Contain("6 runs (1 workloads x 3 policies x 2 seeds)"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void CancelledMatrixWritesLabelledPartialOutputsAndExits130()
    {
        string workload = TestWorkloads.Write("tiny-cancel", TestWorkloads.Tiny);
        string root = Path.GetDirectoryName(workload)!;
        try
        {
            using var sigint = new CancellationTokenSource();
            sigint.Cancel(); // SIGINT before the first run starts
            (int rc, _, string errors) = Cli.Run(sigint.Token, "run", "--workloads", workload, "--policies", "cfs,alps", "--no-plots", "--out", Path.Combine(root, "out"));
            Assert.That(rc, Is.EqualTo(130));
            Assert.That(errors, Does.Contain("cancelled (SIGINT): 0 of 2 runs complete"));
            Assert.That(File.ReadAllText(Path.Combine(root, "out", "report.md")), Does.Contain("**PARTIAL: cancelled (SIGINT)"));
            Assert.That(File.ReadAllText(Path.Combine(root, "out", "results.json")).Trim(), Is.EqualTo("[]"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
