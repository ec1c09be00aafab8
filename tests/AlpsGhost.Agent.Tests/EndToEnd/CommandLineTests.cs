using AlpsGhost.Cli;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>What an operator sees: exit codes and messages of the executable's entry point.</summary>
public class CommandLineTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = AgentCommandLine.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    internal static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "alps-ghost.slnx")))
        {
            dir = dir.Parent;
        }
        Assert.That(dir, Is.Not.Null, "repository root");
        return Path.Combine(dir!.FullName, relative);
    }

    [Test]
    public void GhostKernelMissingExitsWithItsCodeAndSuggestsSim()
    {
        Assume.That(Directory.Exists("/sys/fs/ghost"), Is.False, "this machine has a ghOSt kernel");
        (int code, _, string err) = Run("--enclave", "all");
        Assert.That(code, Is.EqualTo(AlpsGhost.Ghost.Host.ExitCodes.NoGhostKernel));
        Assert.That(err, Does.Contain("/sys/fs/ghost").And.Contain("--kernel sim"));
    }

    [Test]
    public void FairClassAndCosts_BadValuesExit2NamingTheFlag_AndTheReportSaysWhichModelRan()
    {
        string workload = RepoFile("bench/workloads/auth-video.json");
        (int code, _, string err) = Run("--kernel", "sim", "--workload", workload, "--fair-class", "bfs");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--fair-class 'bfs'").And.Contain("cfs-5.11 or eevdf"));

        (code, _, err) = Run("--kernel", "sim", "--workload", workload, "--costs", Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-costs.json"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--costs").And.Contain("not found"));

        (code, string output, _) = Run("--kernel", "sim", "--workload", workload, "--policy", "cfs", "--fair-class", "eevdf", "--costs",
            RepoFile("bench/cost-profiles/firecracker-2vcpu-linux-6.18.json"), "--output", "json");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("simulated fair class: eevdf").And.Contain("host costs measured"));
    }

    [Test]
    public void SimRunPrintsTheTable()
    {
        (int code, string output, _) = Run("--kernel", "sim", "--workload", RepoFile("bench/workloads/auth-video.json"),
            "--policy", "fifo", "--agent-mode", "queue-wakeup");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("function").And.Contain("p99 ms").And.Contain("total").And.Contain("agent queue-wakeup"));
    }

    [Test]
    public void BadWorkloadFieldIsNamedWithItsPathAndExitCode2()
    {
        string file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "bad-workload.json");
        File.WriteAllText(file, """{ "duration_s": 1, "utilization": 0.5, "functions": [ { "name": "f", "cpu": { "dist": "exponential", "mean": -5 }, "arrival": { "process": "poisson", "weight": 1 } } ] }""");
        (int code, _, string err) = Run("--kernel", "sim", "--workload", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("bad-workload.json").And.Contain("$.functions[0].cpu.mean").And.Contain("-5"));
    }

    [Test]
    public void ConfigWithThreeErrorsReportsAllThree()
    {
        string file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "three-errors.json");
        File.WriteAllText(file, """{ "cpus": "3-1", "runnable_timeout_ms": -4, "policy": { "name": "lottery" } }""");
        (int code, _, string err) = Run("--config", file, "--kernel", "sim", "--workload", RepoFile("bench/workloads/fib-groups.json"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("$.cpus").And.Contain("$.runnable_timeout_ms").And.Contain("$.policy.name"));
    }

    [Test]
    public void AbiTableUsesKernelNames()
    {
        (int code, string output, _) = Run("abi", "--abi-version", "91", "--output", "json");
        Assert.That(code, Is.Zero);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.That(doc.RootElement.GetProperty("version").GetInt32(), Is.EqualTo(91));
        Assert.That(doc.RootElement.GetProperty("constants").GetProperty("MSG_TASK_NEW").GetInt32(), Is.EqualTo(67));
        Assert.That(doc.RootElement.GetProperty("structs").GetProperty("ghost_txn").GetProperty("size").GetInt32(), Is.EqualTo(64));
    }

    [Test]
    public void AbiCsvHasARowPerStructFieldAndConstantAgreeingWithTheJson()
    {
        (int code, string output, _) = Run("abi", "--abi-version", "91", "--output", "csv");
        Assert.That(code, Is.Zero);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Is.EqualTo("kind,struct,name,offset,size,value"));
        Assert.That(lines, Does.Contain("struct,ghost_txn,,,64,"));
        Assert.That(lines, Does.Contain("constant,,MSG_TASK_NEW,,,67"));
        (_, string json, _) = Run("abi", "--abi-version", "91", "--output", "json");
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        int fields = doc.RootElement.GetProperty("structs").EnumerateObject().Sum(s => s.Value.GetProperty("fields").EnumerateObject().Count());
        Assert.That(lines.Count(l => l.StartsWith("field,", StringComparison.Ordinal)), Is.EqualTo(fields));
    }

    [Test]
    public void SpinningAgentOnOneCpuIsRefusedWithAReason()
    {
        (int code, _, string err) = Run("--kernel", "sim", "--cpus", "1", "--policy", "fifo", "--agent-mode", "spinning", "--workload", RepoFile("bench/workloads/fib-groups.json"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("queue-wakeup"));
    }
}
