using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Kernel;

namespace AlpsGhost.Runs;

/// <summary>
/// Runs the ALPS learner inside a simulation: windows close in virtual time, and each round costs
/// modelled CPU time of a thread in the class the learner runs in on the host modelled: the fair class on a
/// ghOSt host (where it has priority over enclave tasks), SCHED_FIFO at the agent's priority on the stock-Linux
/// backend. The new snapshot is published only when that work finishes.
/// </summary>
/// <remarks>Deterministic: everything happens on the simulator's single thread at virtual instants.</remarks>
public sealed class SimulatedLearnerDriver
{
    private readonly SimulatedKernel _kernel;
    private readonly Action<long> _beforeRound;
    private readonly int _realtimePriority;
    private readonly BackgroundLearner _learner;
    private readonly ObservationQueue _queue;
    private readonly long _periodNs;
    private long _waitNs;
    private bool _roundInFlight;

    /// <summary>The ghOSt host: running tasks' progress is snapshotted before each round; the learner is fair.</summary>
    /// <param name="firstWaitNs">Wait before the first round (each later wait doubles up to the period); 0 = the period.</param>
    public SimulatedLearnerDriver(SimulatedKernel kernel, CentralizedAgent agent, BackgroundLearner learner, ObservationQueue queue, long periodNs, long firstWaitNs = 0)
        : this(kernel, agent.SnapshotRunningTasks, learner, queue, periodNs, realtimePriority: 0, firstWaitNs)
    {
    }

    /// <summary>Any host: <paramref name="beforeRound"/>(now) runs before each round; the learner's work runs
    /// SCHED_FIFO at <paramref name="realtimePriority"/>, or in the fair class when it is 0.</summary>
    public SimulatedLearnerDriver(SimulatedKernel kernel, Action<long> beforeRound, BackgroundLearner learner, ObservationQueue queue, long periodNs, int realtimePriority, long firstWaitNs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodNs);
        ArgumentOutOfRangeException.ThrowIfNegative(realtimePriority);
        ArgumentOutOfRangeException.ThrowIfNegative(firstWaitNs);
        _kernel = kernel;
        _beforeRound = beforeRound;
        _realtimePriority = realtimePriority;
        _learner = learner;
        _queue = queue;
        _periodNs = periodNs;
        _waitNs = firstWaitNs == 0 ? periodNs : Math.Min(firstWaitNs, periodNs);
    }

    /// <summary>Rounds skipped because the previous one was still running (the learner fell behind).</summary>
    public long SkippedRounds { get; private set; }

    /// <summary>CPU time charged to the learner (virtual ns).</summary>
    public long ChargedCpuNs { get; private set; }

    /// <summary>Schedules the first window close after the first wait; each close schedules the next
    /// (<see cref="LearningCadence"/>).</summary>
    public void Start() => _kernel.ScheduleCallback(_waitNs, CloseWindow);

    private void CloseWindow(long nowNs)
    {
        _waitNs = LearningCadence.NextWait(_waitNs, _periodNs);
        _kernel.ScheduleCallback(nowNs + _waitNs, CloseWindow);
        if (_roundInFlight)
        {
            SkippedRounds++;
            return;
        }
        _beforeRound(nowNs);
        double utilizationPercent = 100.0 * _kernel.EnclaveUtilization(Math.Max(0, nowNs - _learner.WindowNs));
        long cost = _learner.ModelledCpuNs(_learner.WindowSize + _queue.Count);
        ChargedCpuNs += cost;
        _roundInFlight = true;
        Action<long> done = _ =>
        {
            _learner.RunRound(nowNs, utilizationPercent);
            _roundInFlight = false;
        };
        if (_realtimePriority > 0)
        {
            _kernel.SpawnRealtimeWork("alps-learner", _realtimePriority, cost, done);
        }
        else
        {
            _kernel.SpawnFairWork("alps-learner", cost, done);
        }
    }
}
