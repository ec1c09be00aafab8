using AlpsGhost.Benchmarks.Fakes;
using BenchmarkDotNet.Attributes;

namespace AlpsGhost.Benchmarks;

/// <summary>
/// One scheduling decision including the transaction commit: one free CPU, one
/// <c>CentralizedAgent.RunOnce</c> that picks the best runnable task, fills the CPU's transaction and
/// commits it. <see cref="Runnable"/> = 1 is the case (one runnable task); 64 adds a run queue
/// as under overload (8 functions, so alps orders by 8 ranks).
/// </summary>
/// <remarks>
/// Two CPUs, the spinning agent owns CPU 0, so CPU 1 is the free one. Per operation the fake kernel
/// yields the running task (TASK_YIELD: the task is runnable and off-CPU again, CPU 1 is free), then
/// <c>RunOnce</c> handles that one message, re-queues the task, pops the best one, writes the txn,
/// calls <c>CommitTransactions</c> (the fake validates barrier and flags and switches the task in) and
/// applies the outcome. <see cref="Batch"/> decisions per invocation amortise the harness.
/// </remarks>
[MemoryDiagnoser]
public class SchedulingDecision
{
    /// <summary>Decisions per invocation; results are per decision.</summary>
    public const int Batch = 256;

    private AgentRig _rig = null!;

    /// <summary>Runnable tasks competing for the one free CPU.</summary>
    [Params(1, 64)]
    public int Runnable { get; set; } = 1;

    /// <summary>Scheduling policy.</summary>
    [Params("fifo", "alps")]
    public string Policy { get; set; } = "fifo";

    /// <summary>Creates the agent and <see cref="Runnable"/> tasks; one of them is dispatched onto CPU 1.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rig = new AgentRig(Policy, cpus: 2);
        for (int i = 0; i < Runnable; i++)
        {
            _rig.NewTask(i, runnable: true);
        }
        _rig.Agent.RunOnce();
        long commits = _rig.Enclave.Commits;
        Decide();
        if (_rig.Enclave.Current(1) == 0 || _rig.Enclave.Commits - commits != Batch)
        {
            throw new InvalidOperationException($"expected {Batch} commits on CPU 1, got {_rig.Enclave.Commits - commits}");
        }
    }

    /// <summary>Frees the fake enclave.</summary>
    [GlobalCleanup]
    public void Cleanup() => _rig.Dispose();

    /// <summary>Yield -> RunOnce (handle message, pick, txn, commit, apply).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Decide()
    {
        FakeEnclave enclave = _rig.Enclave;
        long next = 0;
        for (int i = 0; i < Batch; i++)
        {
            enclave.Now += 100_000;
            enclave.Yield(enclave.Current(1));
            next = _rig.Agent.RunOnce();
        }
        return next;
    }
}
