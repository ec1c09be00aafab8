using System.Text.Json;
using AlpsGhost.Cli;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>Issue 17 items 7-9 and issue 16's grammar: every bad flag is one line naming it and what it accepts,
/// exit 2 (never a stack trace or a silent clamp); flags obey the config file's rules; SIGINT gives a report
/// labelled partial and exit 130.</summary>
public class GrammarTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Run(default, args);

    private static (int Code, string Out, string Err) Run(CancellationToken cancel, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = AgentCommandLine.Run(args, stdout, stderr, cancel);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Workload => CommandLineTests.RepoFile("bench/workloads/auth-video.json");

    private static void AssertOneLineUsageError(int code, string output, string err, string expected)
    {
        Assert.That(code, Is.EqualTo(2), err);
        Assert.That(err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), "one line, no help dump: " + err);
        Assert.That(err, Does.StartWith("alps-ghost-agent").And.Contain(expected));
        Assert.That(err, Does.Not.Contain("System.").And.Not.Contain("   at "), "no CLR type names, no stack trace");
        Assert.That(output, Is.Empty);
    }

    [TestCase("0")]
    [TestCase("5")]
    [TestCase("-1")]
    [TestCase("NaN")]
    [TestCase("Infinity")]
    public void UtilizationOutOfRangeIsExit2NotACrash(string value)
    {
        (int code, string output, string err) = Run("--kernel", "sim", "--workload", Workload, "--utilization", value);
        AssertOneLineUsageError(code, output, err, $"--utilization '{value}' is not valid: expected a target average CPU utilization in (0, 1.5]");
    }

    [TestCase("--cpus", "0", "expected an integer 1..1024")]
    [TestCase("--cpus", "-4", "expected an integer 1..1024")]
    [TestCase("--cpus", "2147483647", "expected an integer 1..1024")]
    [TestCase("--cpus", "x", "expected an integer")]
    [TestCase("--seed", "-1", "expected a non-negative integer")]
    [TestCase("--policy", "lottery", "expected one of alps, alps-io, cfs, fifo, gittins-oracle, gittins-oracle-seen, sfs, srpt")]
    [TestCase("--output", "xml", "expected one of csv, json, table")]
    [TestCase("--log-level", "loud", "expected one of debug, error, info, none, trace, warning")]
    public void BadFlagValueIsOneLineNamingTheFlagAndTheAcceptedValues(string flag, string value, string expected)
    {
        (int code, string output, string err) = Run("--kernel", "sim", "--workload", Workload, flag, value);
        AssertOneLineUsageError(code, output, err, $"{flag} '{value}' is not valid: {expected}");
    }

    [Test]
    public void UnknownOptionIsOneLineNotTheHelp()
    {
        (int code, string output, string err) = Run("--kernel", "sim", "--bogus");
        AssertOneLineUsageError(code, output, err, "'--bogus'");
    }

    [Test]
    public void RunnableTimeoutFlagObeysTheConfigFilesRules()
    {
        // Range rule: the file rejects 1 with the same words.
        string file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "timeout-1.json");
        File.WriteAllText(file, """{ "runnable_timeout_ms": 1 }""");
        (int fileCode, _, string fileErr) = Run("--config", file, "--kernel", "sim", "--workload", Workload);
        (int code, string output, string err) = Run("--kernel", "sim", "--workload", Workload, "--runnable-timeout-ms", "1");
        Assert.That(fileCode, Is.EqualTo(2));
        AssertOneLineUsageError(code, output, err, "$.runnable_timeout_ms: value 1 is not valid: expected 0 (off) or an integer >= 100");
        string Expected(string e) => e[e.IndexOf("expected", StringComparison.Ordinal)..].Trim();
        Assert.That(Expected(err), Is.EqualTo(Expected(fileErr)), "one validator: flag and file give the same rule");

        // Cross-field rule: more than twice the longest slice (alps may grant 100 ms).
        (code, output, err) = Run("--kernel", "sim", "--workload", Workload, "--policy", "alps", "--runnable-timeout-ms", "150");
        AssertOneLineUsageError(code, output, err, "more than twice the longest slice");
        (code, _, err) = Run("--kernel", "sim", "--workload", Workload, "--policy", "fifo", "--agent-mode", "queue-wakeup", "--runnable-timeout-ms", "0");
        Assert.That(code, Is.Zero, err);
    }

    [Test]
    public void LearnRejectsHugeFunctionIdsAndCpuCountsInsteadOfRunningOutOfMemory()
    {
        string window = Path.Combine(TestContext.CurrentContext.WorkDirectory, "huge-id.csv");
        File.WriteAllText(window, "function,arrival_ms,cpu_ms,blocked_ms,bursts,end_ms,completed\n2000000000,0,5,0,1,5,true\n");
        (int code, string output, string err) = Run("learn", "--window", window, "--utilization", "0.5");
        AssertOneLineUsageError(code, output, err, "2000000000");
        Assert.That(err, Does.Contain("expected an integer 0..65535"));

        File.WriteAllText(window, "function,arrival_ms,cpu_ms,blocked_ms,bursts,end_ms,completed\n1,0,5,0,1,5,true\n");
        foreach (string cpus in new[] { "2147483647", "0", "-4" })
        {
            (code, output, err) = Run("learn", "--window", window, "--utilization", "0.5", "--srpt-mode", "multi", "--cpus", cpus);
            AssertOneLineUsageError(code, output, err, $"--cpus '{cpus}' is not valid: expected an integer 1..1024");
        }
    }

    [Test]
    public void LearnUtilizationIsAFractionLikeEverywhereElse()
    {
        string window = Path.Combine(TestContext.CurrentContext.WorkDirectory, "fraction.csv");
        File.WriteAllText(window, "function,arrival_ms,cpu_ms,blocked_ms,bursts,end_ms,completed\n1,0,5,0,1,5,true\n2,1,50,0,1,60,true\n");
        (int code, string output, string err) = Run("learn", "--window", window, "--utilization", "90");
        AssertOneLineUsageError(code, output, err, "--utilization '90' is not valid: expected a fraction in [0, 1] (0.9 is 90 %)");
        (code, output, err) = Run("learn", "--window", window, "--utilization", "0.9");
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain("U = 90%"), "0.9 reaches the learner as 90 %");
    }

    [Test]
    public void AnAgentRunWithMoreInvocationsThanGtidsCanNameIsExit2BeforeItRuns()
    {
        // Protects the gtid limit: invocation i is thread 1000 + i and a gtid has 22 bits for the tid, so a run past
        // SimulatedKernel.MaxEnclaveInvocations would hand out negative gtids and confuse tasks silently. About 4.5
        // million 10-microsecond invocations: the check counts arrival times only, so the rejection is immediate.
        string file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "too-many-invocations.json");
        File.WriteAllText(file, """{ "duration_s": 25, "utilization": 0.9, "functions": [ { "name": "tiny", "cpu": { "dist": "exponential", "mean": 0.01 }, "arrival": { "process": "poisson", "weight": 1 } } ] }""");
        (int code, string output, string err) = Run("--kernel", "sim", "--workload", file, "--cpus", "2", "--policy", "fifo", "--agent-mode", "queue-wakeup");
        AssertOneLineUsageError(code, output, err, "workload 'too-many-invocations' has 4,");
        Assert.That(err, Does.Contain($"at most {AlpsGhost.Kernel.SimulatedKernel.MaxEnclaveInvocations:N0}"));
    }

    [Test]
    public void CsvReportHasAHeaderARowPerFunctionAndTheTotal()
    {
        (int code, string output, string err) = Run("--kernel", "sim", "--workload", Workload, "--policy", "fifo", "--agent-mode", "queue-wakeup", "--output", "csv");
        Assert.That(code, Is.Zero, err);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Does.StartWith("workload,policy,kernel,cpus,seed,agent_mode,partial,function,group,count,completed,mean_fct_ms"));
        Assert.That(lines, Has.Length.EqualTo(1 + 2 + 1), "auth and video-analytics, then total");
        Assert.That(lines[^1], Does.Contain(",total,"));
    }

    [Test]
    public void SigintGivesAReportLabelledPartialAndExit130()
    {
        using var sigint = new CancellationTokenSource();
        sigint.Cancel();
        (int code, string output, string err) = Run(sigint.Token, "--kernel", "sim", "--workload", Workload, "--policy", "fifo", "--agent-mode", "queue-wakeup", "--output", "json");
        Assert.That(code, Is.EqualTo(130));
        Assert.That(err, Does.Contain("cancelled (SIGINT)").And.Contain("partial"));
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.That(doc.RootElement.GetProperty("partial").GetBoolean(), Is.True);

        (code, output, _) = Run(sigint.Token, "--kernel", "sim", "--workload", Workload, "--policy", "fifo", "--agent-mode", "queue-wakeup");
        Assert.That(code, Is.EqualTo(130));
        Assert.That(output, Does.Contain("PARTIAL: the run was cancelled (SIGINT)"));
    }

    [Test]
    public void UncancelledRunIsNotPartial()
    {
        (int code, string output, string err) = Run("--kernel", "sim", "--workload", Workload, "--policy", "fifo", "--agent-mode", "queue-wakeup", "--output", "json");
        Assert.That(code, Is.Zero, err);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.That(doc.RootElement.GetProperty("partial").GetBoolean(), Is.False);
    }

    [Test]
    public void EnclaveDirMustNameAnEnclave()
    {
        Assert.That(EnclaveDirectory.TryParse("/sys/fs/ghost/ctl", out _, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("--enclave-dir '/sys/fs/ghost/ctl' is not valid: expected an enclave directory such as /sys/fs/ghost/enclave_1"));
        string fake = Path.Combine(TestContext.CurrentContext.WorkDirectory, "fakefs", "enclave_7");
        Directory.CreateDirectory(fake);
        Assert.That(EnclaveDirectory.TryParse(fake + "/", out string root, out ulong id, out error), Is.True, error);
        Assert.That((root, id), Is.EqualTo((Path.GetDirectoryName(fake)!, 7UL)));
    }
}
