using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Kernel;

namespace AlpsGhost.Runs;

/// <summary>
/// Runs the ALPS learner inside a simulation: windows close in virtual time, and each round costs
/// modelled CPU time of a fair-class thread (as the learner thread is on a real host, where it has
/// priority over enclave tasks). The new snapshot is published only when that work finishes.
/// </summary>
/// <remarks>Deterministic: everything happens on the simulator's single thread at virtual instants.</remarks>
public sealed class SimulatedLearnerDriver
{
    private readonly SimulatedKernel _kernel;
    private readonly CentralizedAgent _agent;
    private readonly BackgroundLearner _learner;
    private readonly ObservationQueue _queue;
    private readonly long _periodNs;
    private bool _roundInFlight;

    public SimulatedLearnerDriver(SimulatedKernel kernel, CentralizedAgent agent, BackgroundLearner learner, ObservationQueue queue, long periodNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodNs);
        _kernel = kernel;
        _agent = agent;
        _learner = learner;
        _queue = queue;
        _periodNs = periodNs;
    }

    /// <summary>Rounds skipped because the previous one was still running (the learner fell behind).</summary>
    public long SkippedRounds { get; private set; }

    /// <summary>CPU time charged to the learner (virtual ns).</summary>
    public long ChargedCpuNs { get; private set; }

    public void Start() => _kernel.ScheduleCallback(_periodNs, CloseWindow);

    private void CloseWindow(long nowNs)
    {
        _kernel.ScheduleCallback(nowNs + _periodNs, CloseWindow);
        if (_roundInFlight)
        {
            SkippedRounds++;
            return;
        }
        _agent.SnapshotRunningTasks(nowNs);
        double utilizationPercent = 100.0 * _kernel.EnclaveUtilization(Math.Max(0, nowNs - _learner.WindowNs));
        long cost = _learner.ModelledCpuNs(_learner.WindowSize + _queue.Count);
        ChargedCpuNs += cost;
        _roundInFlight = true;
        _kernel.SpawnFairWork("alps-learner", cost, _ =>
        {
            _learner.RunRound(nowNs, utilizationPercent);
            _roundInFlight = false;
        });
    }
}
