namespace AlpsGhost.Agent.Observation;

/// <summary>Receives every finished invocation's completion time on the agent thread (e.g. the metrics histograms).</summary>
/// <remarks>Called on the hot path once per task exit: an implementation must not block, lock or allocate per call.</remarks>
public interface ICompletionRecorder
{
    /// <summary>One invocation of <paramref name="functionId"/> (-1: unknown function) finished.</summary>
    /// <param name="functionId">Function id as resolved at arrival; -1 when unknown.</param>
    /// <param name="completionNs">Arrival to exit (ns).</param>
    /// <param name="endNs">Agent clock at exit (ns).</param>
    void Record(int functionId, long completionNs, long endNs);
}
