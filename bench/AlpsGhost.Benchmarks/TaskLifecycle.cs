using AlpsGhost.Agent.Observation;
using AlpsGhost.Benchmarks.Fakes;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Host;
using BenchmarkDotNet.Attributes;

namespace AlpsGhost.Benchmarks;

/// <summary>
/// A task's arrival and exit as the agent handles them: TASK_NEW (status word, function identity via
/// the enclave's task description and the cgroup resolver, task-table insert) and TASK_DEAD (invocation
/// record to the learner's queue, status word freed, table slot released).
/// </summary>
/// <remarks>
/// <see cref="NewAndDead"/> runs over the fake enclave, whose description lookup is free, so it shows the
/// agent's own cost. <see cref="DescribeFromProc"/> is what the real host adds per TASK_NEW on top:
/// <c>ProcTaskDescriber.TryDescribe</c> reading <c>/proc/&lt;tid&gt;/comm</c> and <c>cgroup</c> (here of
/// this process's main thread, which always exists).
/// </remarks>
[MemoryDiagnoser]
public class TaskLifecycle
{
    /// <summary>Tasks born and killed per invocation; results are per task.</summary>
    public const int Batch = 128;

    private AgentRig _rig = null!;
    private readonly long[] _gtids = new long[Batch];
    private long _ownGtid;

    /// <summary>Creates the agent (no tasks yet).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rig = new AgentRig("alps", cpus: 4);
        _ownGtid = (long)Environment.ProcessId << GhostAbi.GtidSeqnumBits;
        NewAndDead();
        if (_rig.Agent.Stats.TasksCompleted != Batch || _rig.Agent.TaskCount != 0)
        {
            throw new InvalidOperationException($"expected {Batch} completed tasks and an empty table, got {_rig.Agent.Stats.TasksCompleted} and {_rig.Agent.TaskCount}");
        }
        if (!ProcTaskDescriber.TryDescribe(_ownGtid, out TaskDescription d) || d.Comm.Length == 0)
        {
            throw new InvalidOperationException("cannot describe this process from /proc");
        }
    }

    /// <summary>Frees the fake enclave.</summary>
    [GlobalCleanup]
    public void Cleanup() => _rig.Dispose();

    /// <summary>TASK_NEW + TASK_DEAD handled by the agent (the learner's queue drained as the learner would).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long NewAndDead()
    {
        for (int i = 0; i < Batch; i++)
        {
            _gtids[i] = _rig.NewTask(i, runnable: false);
        }
        for (int i = 0; i < Batch; i++)
        {
            _rig.Enclave.Exit(_gtids[i]);
        }
        long next = _rig.Agent.RunOnce();
        ObservationQueue records = _rig.Observations;
        while (records.TryRead(out InvocationRecord r))
        {
            next += r.CpuNs;
        }
        return next;
    }

    /// <summary>The real host's task description: two small /proc reads.</summary>
    [Benchmark]
    public bool DescribeFromProc() => ProcTaskDescriber.TryDescribe(_ownGtid, out _);
}
