using System.Diagnostics;
using AlpsGhost.Linux.Native;

namespace AlpsGhost.Linux.Tests;

/// <summary>
/// The backend against this machine's kernel, as root, on processes the tests start (matched by a unique comm):
/// the enforced band read back with sched_getattr, SIGTERM and SIGKILL of the agent returning every raised task
/// to SCHED_OTHER, slice demotion, and RESET_ON_FORK. Skipped with a reason where not root.
/// </summary>
[NonParallelizable]
public class RealKernelTests
{
    private static string Config(string tag, string policy = "fifo", int sliceMs = 60) => $$"""
        {
          "policy": {
            "name": "{{policy}}",
            "alps": { "learning": { "enabled": false }, "static": [ { "function": "f1", "rank": 2, "slice_ms": {{sliceMs}} } ] }
          },
          "identity": { "rules": [ { "match": "comm", "pattern": "{{tag}}", "function": "f1" } ] }
        }
        """;

    private static bool IsFifo(int tid) => AgentProcess.Attr(tid).Policy == KernelPolicies.Fifo;

    private static bool IsOther(int tid) => AgentProcess.Attr(tid).Policy == KernelPolicies.Other;

    [SetUp]
    public void Require() => AgentProcess.RequireRoot();

    [Test]
    public void The_enforced_band_reads_back_from_the_kernel_and_other_tasks_are_untouched()
    {
        string tag = AgentProcess.UniqueTag();
        using AgentProcess agent = AgentProcess.Start(Config(tag, "alps"));
        Process managed = agent.Child(tag, "/bin/sleep", "60");
        Process other = agent.Child(AgentProcess.UniqueTag(), "/bin/sleep", "60");
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), () => IsFifo(managed.Id)), Is.True, agent.Stderr);
        SchedAttr attr = AgentProcess.Attr(managed.Id);
        Assert.That(attr.Priority, Is.EqualTo(PriorityBands.ForRank(2)), "rank 2 of the static table");
        Assert.That(attr.Flags & KernelPolicies.ResetOnFork, Is.Not.Zero, "SCHED_FLAG_RESET_ON_FORK");
        Assert.That(IsOther(other.Id), Is.True, "a task no rule names is never touched");
    }

    [Test]
    public void Every_thread_of_the_agent_process_runs_above_the_bands()
    {
        // The runtime's own threads run managed code a garbage collection waits for: none may be left in the fair
        // class, where raised tasks can starve it for up to a second.
        using AgentProcess agent = AgentProcess.Start(Config(AgentProcess.UniqueTag(), "alps"));
        int pid = agent.Process.Id;
        bool AllFifo()
        {
            foreach (string dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                // A thread that exits meanwhile (ESRCH) does not count.
                if (int.TryParse(Path.GetFileName(dir), out int tid) && LinuxNative.SchedGetAttr(tid, out SchedAttr attr) == 0 && attr.Policy != KernelPolicies.Fifo)
                {
                    return false;
                }
            }
            return true;
        }
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), AllFifo), Is.True, "every thread SCHED_FIFO: " + agent.Stderr);
    }

    [Test]
    public void The_agent_runs_with_the_runtimes_tier_up_worker_kept_alive()
    {
        // It starts itself again with DOTNET_TC_BackgroundWorkerTimeoutMs set (TieringWorkerGuard says why), keeping
        // its process id, so what a supervisor started is still the agent.
        using AgentProcess agent = AgentProcess.Start(Config(AgentProcess.UniqueTag(), "alps"));
        string[] environment = File.ReadAllText($"/proc/{agent.Process.Id}/environ").Split('\0');
        Assert.That(environment, Does.Contain($"{TieringWorkerGuard.Variable}={TieringWorkerGuard.Value}"), agent.Stderr);
        Assert.That(agent.Stderr, Does.Not.Contain("could not start again"));
    }

    [Test]
    public void A_spinning_task_is_demoted_after_its_slice_of_cpu_time()
    {
        string tag = AgentProcess.UniqueTag();
        // A 500 ms slice keeps the task visibly SCHED_FIFO for about half a second of wall time, so the poller sees the
        // raise even when other test assemblies share the CPUs (with 60 ms it could miss it and read "fair" from
        // before the raise).
        using AgentProcess agent = AgentProcess.Start(Config(tag, "alps", sliceMs: 500));
        Process spinner = agent.Child(tag, "/bin/sh", "-c", "while :; do :; done");
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), () => IsFifo(spinner.Id)), Is.True, "raised first: " + agent.Stderr);
        // 500 ms of CPU, then fair: long before the deadline even on a loaded machine (it runs SCHED_FIFO meanwhile).
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), () => IsOther(spinner.Id)), Is.True, agent.Stderr);
        Assert.That(ReadSchedstatCpu(spinner.Id), Is.GreaterThanOrEqualTo(500_000_000), "not demoted before its slice of CPU time");
        Assert.That(AgentProcess.Attr(spinner.Id).Nice, Is.Zero, "the rank order (a static table) keeps the fair tier equal");
    }

    [Test]
    public void Before_learning_a_task_is_ordered_by_cpu_used_and_demoted_into_a_weighted_fair_tier()
    {
        string tag = AgentProcess.UniqueTag();
        // Learning on, nothing learned yet: the unknown-function rule raises it for the slice cap (here 300 ms), then
        // the fair tier weights it by its order key (the CPU it used: nice +10 at 300 ms).
        string config = $$"""
            {
              "policy": { "name": "alps", "alps": { "learning": { "enabled": true, "max_slice_ms": 300 } } },
              "identity": { "rules": [ { "match": "comm", "pattern": "{{tag}}", "function": "f1" } ] }
            }
            """;
        using AgentProcess agent = AgentProcess.Start(config);
        Process spinner = agent.Child(tag, "/bin/sh", "-c", "while :; do :; done");
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), () => IsFifo(spinner.Id)), Is.True, "raised before any learning round: " + agent.Stderr);
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), () => IsOther(spinner.Id) && AgentProcess.Attr(spinner.Id).Nice > 0), Is.True,
            $"demoted at a positive nice: {AgentProcess.Attr(spinner.Id).Nice}; {agent.Stderr}");
        Assert.That(Signal(agent.Process.Id, 15), Is.Zero);
        Assert.That(agent.Process.WaitForExit(30_000), Is.True, "the agent stops on SIGTERM");
        Assert.That(AgentProcess.Attr(spinner.Id).Nice, Is.Zero, "SIGTERM returns a weighted task to nice 0");
    }

    [Test]
    public void Sigterm_returns_every_raised_task_and_exits_0_with_the_summary()
    {
        string tag = AgentProcess.UniqueTag();
        using AgentProcess agent = AgentProcess.Start(Config(tag));
        Process a = agent.Child(tag, "/bin/sleep", "60");
        Process b = agent.Child(tag, "/bin/sleep", "60");
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), () => IsFifo(a.Id) && IsFifo(b.Id)), Is.True, agent.Stderr);
        Assert.That(Signal(agent.Process.Id, 15), Is.Zero);
        Assert.That(agent.Process.WaitForExit(30_000), Is.True, "the agent stops on SIGTERM");
        Assert.That(agent.Process.ExitCode, Is.Zero, agent.Stderr);
        Assert.That(IsOther(a.Id) && IsOther(b.Id), Is.True, "no task left raised");
        agent.Process.WaitForExit(); // flush the redirected streams
        Assert.That(agent.Stderr, Does.Contain("exit summary: cpu_ms=").And.Contain("raised=2"));
    }

    [Test]
    public void After_sigkill_of_the_agent_every_raised_task_is_fair_within_one_second()
    {
        string tag = AgentProcess.UniqueTag();
        using AgentProcess agent = AgentProcess.Start(Config(tag));
        Process[] tasks = [agent.Child(tag, "/bin/sleep", "60"), agent.Child(tag, "/bin/sleep", "60"), agent.Child(tag, "/bin/sleep", "60")];
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), () => tasks.All(t => IsFifo(t.Id))), Is.True, agent.Stderr);
        int watchdog = agent.WatchdogPid();
        var clock = Stopwatch.StartNew();
        agent.Process.Kill();
        bool restored = AgentProcess.Within(TimeSpan.FromSeconds(1), () => tasks.All(t => IsOther(t.Id)));
        TimeSpan elapsed = clock.Elapsed;
        Assert.That(restored, Is.True, $"after {elapsed.TotalMilliseconds:F0} ms: {string.Join(", ", tasks.Select(t => AgentProcess.Attr(t.Id).Policy))}");
        TestContext.Out.WriteLine($"all raised tasks fair {elapsed.TotalMilliseconds:F0} ms after SIGKILL (load {File.ReadAllText("/proc/loadavg").Trim()})");
        Assert.That(AgentProcess.Within(TimeSpan.FromSeconds(10), () => !Directory.Exists($"/proc/{watchdog}") || File.ReadAllText($"/proc/{watchdog}/stat").Contains(") Z", StringComparison.Ordinal)),
            Is.True, "the watchdog exits once its work is done");
    }

    [Test]
    public void Children_of_a_raised_task_start_fair_reset_on_fork()
    {
        // Raised directly (no agent): the flag the backend always sets, checked on the kernel's behaviour.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("read x; sleep 60 & echo $!; wait");
        using Process parent = Process.Start(start)!;
        int child = 0;
        try
        {
            Assert.That(new SchedSetattrKernel().Raise(parent.Id, 5, roundRobin: false), Is.Zero);
            parent.StandardInput.WriteLine("go");
            parent.StandardInput.Flush();
            child = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(IsFifo(parent.Id), Is.True);
            Assert.That(IsOther(child), Is.True, "the child did not inherit SCHED_FIFO");
        }
        finally
        {
            if (child > 0)
            {
                _ = Signal(child, 9);
            }
            parent.Kill();
            parent.WaitForExit(10_000);
        }
    }

    private static long ReadSchedstatCpu(int pid)
    {
        string text = File.ReadAllText($"/proc/{pid}/schedstat");
        return long.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);
}
