using System.Globalization;
using System.Text.Json;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Output;
using AlpsGhost.Bench.Real;
using AlpsGhost.Config;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Tests;

/// <summary><c>alps-bench real</c> with real processes: the launcher's schedule, the burner's CPU time,
/// the launcher's output format, the agent plumbing (config, READY, SIGTERM, exit summary) and the report.</summary>
[TestFixture]
public sealed class RealProcessTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "alps-bench-real-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string WriteWorkload(string json = TestWorkloads.Handful)
    {
        string path = Path.Combine(_dir, "handful.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static MatrixSpec Spec(string workload, params string[] policies) =>
        new([workload], policies, [7UL], 2, "auto", null);

    private static void RequireLinuxProcesses()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("real processes need Linux (fork/exec, /proc)");
        }
    }

    [Test]
    public void ScheduleForTheLauncherIsExactlyTheSimulatorsInvocations()
    {
        string path = WriteWorkload(TestWorkloads.Tiny);
        MatrixSpec spec = Spec(path, "cfs");
        List<MatrixRunner.Cell> cells = MatrixRunner.Plan(spec);
        CaseResult simulated = MatrixRunner.Run(spec, cells, null, null)[0];

        var parsed = ParseSchedule(LaunchSchedule.Write(cells[0].Source.Acquire()));

        // The simulator's own records of the run: one per invocation, with its arrival and CPU demand.
        IReadOnlyList<CompletionRecord> sim = simulated.Report.Records;
        Assert.That(parsed, Has.Count.EqualTo(sim.Count).And.Count.GreaterThan(50), "one schedule line per simulated invocation");
        var simKeys = sim.Select(r => (r.FunctionId, r.ArrivalNs, r.DemandNs)).Order().ToList();
        var schedKeys = parsed.Select(p => (p.Function, p.ArrivalNs, p.DemandNs)).Order().ToList();
        Assert.That(schedKeys, Is.EqualTo(simKeys), "same functions, arrivals and demands as the simulator ran");
        // And phase for phase what the workload file materialises with the same seed.
        Workload again = WorkloadFile.Load(path, new WorkloadOverrides { CpuCount = 2, Seed = 7 });
        for (int i = 0; i < again.Invocations.Count; i++)
        {
            Assert.That(parsed[i].Phases, Is.EqualTo(again.Invocations[i].Phases.Select(p => (p.Kind == PhaseKind.Cpu ? 'c' : 's', p.DurationNs)).ToList()), $"invocation {i}");
        }
        Assert.That(parsed.Select(p => p.Tag).Distinct(), Is.EquivalentTo(new[] { "alps-f0", "alps-f1" }));
    }

    private static List<(int Function, string Tag, long ArrivalNs, long DemandNs, List<(char, long)> Phases)> ParseSchedule(string text)
    {
        var tags = new List<string>();
        var result = new List<(int, string, long, long, List<(char, long)>)>();
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("alps-schedule 1"));
        foreach (string line in lines.Skip(1).Where(l => !l.StartsWith('#')))
        {
            string[] f = line.Split(' ');
            if (f[0] == "function")
            {
                Assert.That(int.Parse(f[1], CultureInfo.InvariantCulture), Is.EqualTo(tags.Count));
                Assert.That(f[2].Length, Is.LessThanOrEqualTo(15), "a comm holds at most 15 characters");
                tags.Add(f[2]);
                continue;
            }
            Assert.That(f[0], Is.EqualTo("inv"));
            Assert.That(int.Parse(f[1], CultureInfo.InvariantCulture), Is.EqualTo(result.Count));
            int fn = int.Parse(f[2], CultureInfo.InvariantCulture);
            var phases = f.Skip(5).Select(p => (p[0], long.Parse(p[1..], CultureInfo.InvariantCulture))).ToList();
            long demand = long.Parse(f[4], CultureInfo.InvariantCulture);
            Assert.That(phases.Where(p => p.Item1 == 'c').Sum(p => p.Item2), Is.EqualTo(demand), "declared demand = sum of CPU phases");
            result.Add((fn, tags[fn], long.Parse(f[3], CultureInfo.InvariantCulture), demand, phases));
        }
        return result;
    }

    [Test]
    public void EachBurnerSpendsItsCpuDemandInItsOwnCpuTimeAndRunsAsItsFunctionsTag()
    {
        RequireLinuxProcesses();
        Workload workload = WorkloadFile.Load(WriteWorkload(), new WorkloadOverrides { CpuCount = 2, Seed = 3 });
        Assert.That(workload.Invocations, Has.Count.InRange(3, 80), "a handful of invocations");

        LaunchOutcome outcome = NativeLauncher.Run(workload, 2, Path.Combine(_dir, "run"));

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Summary);
        for (int i = 0; i < workload.Invocations.Count; i++)
        {
            InvocationSpec inv = workload.Invocations[i];
            LaunchRecord r = outcome.Records[i];
            Assert.That(r.Completed, Is.True, $"invocation {i} completed");
            // Exact up to the burner's last clock read and the kernel's accounting granularity.
            Assert.That(r.CpuNs, Is.InRange(inv.CpuDemandNs, inv.CpuDemandNs + 2_000_000), $"invocation {i}: CPU time of its phases vs demand {inv.CpuDemandNs}");
            Assert.That(r.CompletionNs, Is.GreaterThanOrEqualTo(inv.CpuDemandNs + inv.BlockedNs), $"invocation {i} cannot finish before its CPU time plus its sleeps");
            Assert.That(r.LaunchNs, Is.GreaterThanOrEqualTo(r.ArrivalNs), "never launched early");
            Assert.That(r.PolicyAtExit, Is.Zero, "without an agent every invocation stays in SCHED_OTHER");
        }
        // The launcher ran each invocation as its function's tag: the schedule names it.
        Assert.That(File.ReadAllText(Path.Combine(_dir, "run", "schedule.txt")), Does.Contain("function 1 alps-f1"));
        Assert.That(ProcFiles.ProcessesWithCommPrefix(LaunchSchedule.TagPrefix), Is.Empty, "no invocation process survives its launcher");
    }

    [Test]
    public void TheBurnerNamesItselfAfterItsArgvZero()
    {
        RequireLinuxProcesses();
        if (!File.Exists("/bin/bash"))
        {
            Assert.Ignore("needs /bin/bash (exec -a sets argv[0])");
        }
        // The agent's identity rules match comm: exec'd with argv[0] = the tag, the burner names itself after it.
        string burner = NativeLauncher.Locate(NativeLauncher.BurnerName);
        var info = new System.Diagnostics.ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", $"exec -a {LaunchSchedule.Tag(12)} '{burner}' 0 s2000000000" }, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(info)!;
        string comm = "";
        // It renames itself as its first act; poll its comm (bounded) rather than sleep a guessed time.
        for (long deadline = Environment.TickCount64 + 10_000; Environment.TickCount64 < deadline && !process.HasExited;)
        {
            comm = File.Exists($"/proc/{process.Id}/comm") ? File.ReadAllText($"/proc/{process.Id}/comm").TrimEnd('\n') : "";
            if (comm == "alps-f12")
            {
                break;
            }
            Thread.Yield();
        }
        process.Kill();
        process.WaitForExit();
        Assert.That(comm, Is.EqualTo("alps-f12"));
    }

    [TestCase("index,function\n", 1, "expected the header")]
    [TestCase(LaunchRecord.Header + "\n0,0,1,0,0,0,0,0,0,0,0,0,0\n1,0,1,0,0,0,0,0,0,0,0,0\n", 3, "12 fields, expected 13")]
    [TestCase(LaunchRecord.Header + "\n0,0,1,0,0,0,x7,0,0,0,0,0,0\n", 2, "field end_ns 'x7'")]
    [TestCase(LaunchRecord.Header + "\n0,0,1,0,0,0,0,0,0,0,0,0,0\n5,0,1,0,0,0,0,0,0,0,0,0,0\n", 3, "field index '5'")]
    [TestCase(LaunchRecord.Header + "\n0,0,1,0,0,0,-5,0,0,0,0,0,0\n", 2, "field end_ns '-5'")]
    public void LauncherOutputErrorsNameTheFileLineAndField(string text, int line, string expected)
    {
        var e = Assert.Throws<BenchException>(() => LaunchRecord.Parse(text, "launch.csv"))!;
        Assert.That(e.Message, Does.StartWith($"launch.csv:{line}:").And.Contain(expected));
    }

    [Test]
    public void LauncherOutputParsesEveryField()
    {
        var r = LaunchRecord.Parse(LaunchRecord.Header + "\n0,1,42,10,11,12,30,31,15,5,21,0,1\n", "x").Single();
        Assert.That(r, Is.EqualTo(new LaunchRecord(0, 1, 42, 10, 11, 12, 30, 31, 15, 5, 21, 0, 1)));
        Assert.That(r.CompletionNs, Is.EqualTo(20));
        Assert.That(r.Completed, Is.True);
    }

    [Test]
    public void AgentExitSummaryIsParsedAndAnIncompleteOneIsNot()
    {
        AgentExitSummary? s = AgentExitSummary.TryParse("log line\nalps-ghost-agent: exit summary: cpu_ms=123.5 syscalls=4567 raised=89 demoted=12\n");
        Assert.That(s, Is.EqualTo(new AgentExitSummary(123.5, 4567, 89, 12)));
        Assert.That(AgentExitSummary.TryParse("alps-ghost-agent: exit summary: cpu_ms=1 syscalls=2 raised=3\n"), Is.Null, "demoted missing");
        Assert.That(AgentExitSummary.TryParse("alps-ghost-agent: exit summary: cpu_ms=1 syscalls=x raised=3 demoted=4\n"), Is.Null, "syscalls malformed");
        Assert.That(AgentExitSummary.TryParse("nothing"), Is.Null);
    }

    [Test]
    public void AgentConfigNamesEveryFunctionByItsTagAndTheAgentsLoaderAcceptsIt()
    {
        Workload workload = WorkloadFile.Load(WriteWorkload(TestWorkloads.Tiny), new WorkloadOverrides { CpuCount = 2, Seed = 1 });
        string path = Path.Combine(_dir, "agent.json");
        File.WriteAllText(path, AgentConfigFile.Write(workload));

        EnclaveConfig config = EnclaveConfigLoader.Load(path);

        Assert.That(config.Identity.Rules.Select(r => (r.Match, r.Pattern, r.Function)), Is.EqualTo(new[]
        {
            (IdentityMatchKind.Comm, "alps-f0", (string?)"quick"),
            (IdentityMatchKind.Comm, "alps-f1", (string?)"slow"),
        }));
    }

    [Test]
    public void AgentProcessIsWaitedForUntilReadyAndStoppedWithSigterm()
    {
        RequireLinuxProcesses();
        string agent = FakeAgent("""
            trap 'echo "alps-ghost-agent: exit summary: cpu_ms=2.5 syscalls=40 raised=3 demoted=1" >&2; exit 0' TERM
            [ "$1 $2 $5 $6" = "--kernel linux --policy alps" ] || { echo "bad arguments: $*" >&2; exit 2; }
            grep -q '"match": "comm"' "$4" || { echo "no comm rule in $4" >&2; exit 2; }
            systemd-notify --ready
            sleep infinity & wait $!
            """);
        string config = Path.Combine(_dir, "config.json");
        File.WriteAllText(config, """{ "identity": { "rules": [ { "match": "comm", "pattern": "alps-f0", "function": "f" } ] } }""");

        using LinuxAgentProcess process = LinuxAgentProcess.Start(agent, "alps", config, _dir);
        process.WaitReady(TimeSpan.FromSeconds(30));
        int? exit = process.Stop(TimeSpan.FromSeconds(10));

        Assert.That(exit, Is.Zero, process.Stderr);
        Assert.That(AgentExitSummary.TryParse(process.Stderr), Is.EqualTo(new AgentExitSummary(2.5, 40, 3, 1)));
    }

    [Test]
    public void AnAgentThatExitsBeforeItIsReadyFailsTheRunWithItsStderr()
    {
        RequireLinuxProcesses();
        string agent = FakeAgent("echo 'alps-ghost-agent: --kernel linux needs CAP_SYS_NICE' >&2; exit 13");
        string config = Path.Combine(_dir, "config.json");
        File.WriteAllText(config, "{}");

        using LinuxAgentProcess process = LinuxAgentProcess.Start(agent, "sfs", config, _dir);
        var e = Assert.Throws<RealRunException>(() => process.WaitReady(TimeSpan.FromSeconds(30)))!;

        Assert.That(e.Message, Does.Contain("exited with code 13").And.Contain("needs CAP_SYS_NICE"));
    }

    private string FakeAgent(string body)
    {
        if (!File.Exists("/usr/bin/systemd-notify") && !File.Exists("/bin/systemd-notify"))
        {
            Assert.Ignore("the stand-in agent sends READY=1 with systemd-notify, which is not installed here");
        }
        string path = Path.Combine(_dir, "fake-agent.sh");
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Test]
    public void ReportMarksANonIdleMachineAndFailedSafetyChecks()
    {
        string path = WriteWorkload(TestWorkloads.Tiny);
        MatrixSpec spec = Spec(path, "cfs", "alps");
        List<MatrixRunner.Cell> cells = MatrixRunner.Plan(spec);
        List<CaseResult> sim = MatrixRunner.Run(spec, cells, null, null);
        RealRunFacts idle = Facts(otherShare: 0.01, lost: 0), busy = Facts(otherShare: 0.30, lost: 0), lost = Facts(otherShare: 0.01, lost: 2);

        string quiet = RealReport.Write(spec, sim, [idle, idle], sim, new Dictionary<string, List<string>>(), "test machine");
        string noisy = RealReport.Write(spec, sim, [idle, busy], sim, new Dictionary<string, List<string>>(), "test machine");
        string failed = RealReport.Write(spec, sim, [lost, idle], sim, new Dictionary<string, List<string>>(), "test machine");

        Assert.That(quiet, Does.Not.Contain("not idle"));
        Assert.That(quiet, Does.Contain("0 lost"));
        Assert.That(noisy, Does.Contain("**Warning: the machine was not idle** in 1 of 2 runs"));
        Assert.That(noisy, Does.Contain("30.0 (not idle)"));
        Assert.That(failed, Does.Contain("**FAILED safety checks in 1 of 2 runs**"));
        // The prediction table compares the same numbers here: every error is 0.
        Assert.That(quiet, Does.Contain("### The simulator's prediction").And.Contain("| all | alps |"));
        Assert.That(quiet, Does.Contain("| 0.0 % |").And.Not.Contain("MISS"));
        Assert.That(quiet, Does.Not.Contain("own measured host costs"), "no per-run prediction without one");
        string perRun = RealReport.Write(spec, sim, [idle, idle], sim, new Dictionary<string, List<string>>(), "test machine", simOwnCosts: sim);
        Assert.That(perRun, Does.Contain("With each run's own measured host costs"), "the per-run prediction gets its own table");
    }

    private static RealRunFacts Facts(double otherShare, int lost) =>
        new(0.1, otherShare, 1_000_000_000, 20_000_000, new AgentExitSummary(20, 1000, 10, 5), 0, lost, [], 0, 0, 1_000_000, 100, 101, 10);

    [Test]
    public void TinyRealRunUnderCfsCompletesEveryInvocationAndWritesTheReport()
    {
        RequireLinuxProcesses();
        string workload = WriteWorkload();
        string outDir = Path.Combine(_dir, "out");

        (int rc, string output, string errors) = Cli.Run("real", "--workloads", workload, "--policies", "cfs", "--seeds", "1", "--cpus", "2", "--out", outDir, "--no-plots");

        Assert.That(rc, Is.Zero, output + errors);
        using JsonDocument results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        JsonElement run = results.RootElement[0];
        Assert.That(run.GetProperty("policy").GetString(), Is.EqualTo("cfs"));
        Assert.That(run.GetProperty("agent_mode").GetString(), Is.EqualTo("none"));
        int tasks = run.GetProperty("overall").GetProperty("tasks").GetInt32();
        Assert.That(tasks, Is.GreaterThan(2));
        Assert.That(run.GetProperty("overall").GetProperty("completed").GetInt32(), Is.EqualTo(tasks), "0 lost");
        Assert.That(run.GetProperty("counters").GetProperty("left_raised").GetInt64(), Is.Zero);
        using JsonDocument sim = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "sim-results.json")));
        Assert.That(sim.RootElement[0].GetProperty("overall").GetProperty("tasks").GetInt32(), Is.EqualTo(tasks), "the simulator ran the same invocations");
        string report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.That(report, Does.Contain("# alps-bench real report").And.Contain("### The simulator's prediction").And.Contain("| cfs |"));
        Assert.That(File.Exists(Path.Combine(outDir, "runs", "handful-cfs-seed1", "launch.csv")), Is.True, "the launcher's raw records are kept");
    }

    [Test]
    public void TinyRealRunUnderTheStockLinuxAgentLosesNothingAndLeavesNothingRaised()
    {
        RequireLinuxProcesses();
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("the stock-Linux agent needs root (CAP_SYS_NICE and CAP_NET_ADMIN); CI runs as root");
        }
        string workload = WriteWorkload();
        string outDir = Path.Combine(_dir, "out");

        (int rc, string output, string errors) = Cli.Run("real", "--workloads", workload, "--policies", "cfs,sfs,alps,srpt", "--seeds", "1", "--cpus", "2", "--out", outDir, "--no-plots");

        Assert.That(rc, Is.Zero, output + errors);
        using JsonDocument results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        foreach (JsonElement run in results.RootElement.EnumerateArray())
        {
            string policy = run.GetProperty("policy").GetString()!;
            JsonElement overall = run.GetProperty("overall");
            Assert.That(overall.GetProperty("completed").GetInt32(), Is.EqualTo(overall.GetProperty("tasks").GetInt32()), $"{policy}: 0 lost");
            Assert.That(run.GetProperty("counters").GetProperty("left_raised").GetInt64(), Is.Zero, $"{policy}: nothing left outside SCHED_OTHER");
            if (policy != "cfs")
            {
                Assert.That(run.GetProperty("counters").TryGetProperty("agent_syscalls", out _), Is.True, $"{policy}: the agent printed its exit summary");
            }
        }
    }

    [Test]
    public void PoliciesThatCannotRunForRealAreUsageErrors()
    {
        (int rc, _, string errors) = Cli.Run("real", "--workloads", WriteWorkload(), "--policies", "cfs,alps-static", "--out", Path.Combine(_dir, "out"));
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("policy 'alps-static'").And.Contain("accepted are cfs, fifo, sfs, alps, alps-io, srpt"));
        Assert.That(Directory.Exists(Path.Combine(_dir, "out")), Is.False, "nothing is written for bad input");
    }
}
