using AlpsGhost.Benchmarks.Fakes;
using BenchmarkDotNet.Attributes;

namespace AlpsGhost.Benchmarks;

/// <summary>
/// The agent handling task messages: one TASK_WAKEUP + TASK_BLOCKED pair per operation, through the
/// production <c>CentralizedAgent.RunOnce</c> drain loop (decode, task-table lookup, barrier and state
/// update, run-queue insert and remove).
/// </summary>
/// <remarks>
/// <see cref="Tasks"/> blocked tasks exist (their TASK_NEW handled in setup). Per invocation the fake
/// kernel wakes and blocks each of them, then one <c>RunOnce</c> drains the 2 x <see cref="Tasks"/>
/// messages; no CPU is committed because every task ends blocked. <see cref="KernelSideOnly"/> is the
/// same minus the agent (the fake kernel producing the messages and the ring skipped): subtract it to
/// get the agent's share.
/// </remarks>
[MemoryDiagnoser]
public class AgentHandleMessage
{
    /// <summary>Tasks woken and blocked per invocation; results are per wakeup+block pair.</summary>
    public const int Tasks = 128;

    private AgentRig _rig = null!;
    private readonly long[] _gtids = new long[Tasks];

    /// <summary>Scheduling policy (the message handlers call its enqueue/remove).</summary>
    [Params("fifo", "alps")]
    public string Policy { get; set; } = "fifo";

    /// <summary>Creates the agent and <see cref="Tasks"/> blocked tasks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rig = new AgentRig(Policy, cpus: 4);
        for (int i = 0; i < Tasks; i++)
        {
            _gtids[i] = _rig.NewTask(i, runnable: false);
        }
        _rig.Agent.RunOnce();
        if (_rig.Agent.TaskCount != Tasks)
        {
            throw new InvalidOperationException($"agent tracks {_rig.Agent.TaskCount} tasks, expected {Tasks}");
        }
        long before = _rig.Agent.Stats.TotalMessages;
        WakeupBlock();
        long handled = _rig.Agent.Stats.TotalMessages - before;
        if (handled != 2 * Tasks)
        {
            throw new InvalidOperationException($"agent handled {handled} messages, expected {2 * Tasks}");
        }
    }

    /// <summary>Frees the fake enclave.</summary>
    [GlobalCleanup]
    public void Cleanup() => _rig.Dispose();

    /// <summary>Kernel produces WAKEUP + BLOCKED for a task; the agent handles both.</summary>
    [Benchmark(OperationsPerInvoke = Tasks)]
    public long WakeupBlock()
    {
        FakeEnclave enclave = _rig.Enclave;
        enclave.Now += 1_000_000;
        foreach (long g in _gtids)
        {
            enclave.Wake(g);
            enclave.Block(g);
        }
        return _rig.Agent.RunOnce();
    }

    /// <summary>The fake kernel's share of <see cref="WakeupBlock"/>: produce, then skip the ring.</summary>
    [Benchmark(OperationsPerInvoke = Tasks, Baseline = true)]
    public uint KernelSideOnly()
    {
        FakeEnclave enclave = _rig.Enclave;
        enclave.Now += 1_000_000;
        foreach (long g in _gtids)
        {
            enclave.Wake(g);
            enclave.Block(g);
        }
        return enclave.Queue.SkipToHead();
    }
}
