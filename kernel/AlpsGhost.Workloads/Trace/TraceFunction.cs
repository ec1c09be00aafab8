namespace AlpsGhost.Workloads.Trace;

/// <summary>One function of an Azure Functions 2019 trace, joined across invocations.csv and durations.csv.</summary>
/// <param name="HashOwner">Owner hash.</param>
/// <param name="HashApp">Application hash.</param>
/// <param name="HashFunction">Function hash.</param>
/// <param name="Trigger">http, queue, event, timer, ...</param>
/// <param name="Counts">Invocations per minute in the chosen window.</param>
/// <param name="Percentiles">Execution-time percentiles p0, p1, p25, p50, p75, p99, p100 in ms, with zeros raised to the floor.</param>
/// <param name="CsvLine">1-based line of the function in invocations.csv (for messages).</param>
internal sealed record TraceFunction(string HashOwner, string HashApp, string HashFunction, string Trigger, int[] Counts, double[] Percentiles, int CsvLine);
