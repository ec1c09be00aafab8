namespace AlpsGhost.Runs.Faults;

/// <summary>What one fault scenario did and whether every property held.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Description">What was injected.</param>
/// <param name="Arrived">Invocations that arrived.</param>
/// <param name="Completed">Invocations that exited inside the enclave.</param>
/// <param name="Departed">Invocations that left the enclave (task departure or enclave destruction) and exited in the fair class.</param>
/// <param name="Lost">Invocations that arrived but never exited (must be 0).</param>
/// <param name="MaxRunnableWaitMs">Longest stretch any task was runnable but not running (ms).</param>
/// <param name="RunnableTimeoutMs">The watchdog's runnable_timeout (ms).</param>
/// <param name="TxnOutcomes">Transactions by final state (kernel name without <c>GHOST_TXN_</c>, lower case), only non-zero ones.</param>
/// <param name="WatchdogFired">Whether the runnable_timeout watchdog destroyed the enclave.</param>
/// <param name="WatchdogExpected">Whether this scenario is meant to fire it.</param>
/// <param name="Counters">Fault and recovery counters (injected failures, overflows, resyncs, learner failures...).</param>
/// <param name="Violations">Broken properties, one line each (empty = passed).</param>
public sealed record FaultScenarioResult(
    string Name,
    string Description,
    int Arrived,
    int Completed,
    int Departed,
    int Lost,
    double MaxRunnableWaitMs,
    int RunnableTimeoutMs,
    IReadOnlyList<KeyValuePair<string, long>> TxnOutcomes,
    bool WatchdogFired,
    bool WatchdogExpected,
    IReadOnlyList<KeyValuePair<string, long>> Counters,
    IReadOnlyList<string> Violations)
{
    /// <summary>Whether every property held.</summary>
    public bool Passed => Violations.Count == 0;
}
