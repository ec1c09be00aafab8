using AlpsGhost.Bench.Matrix;

namespace AlpsGhost.Bench.Output;

/// <summary>Facts about one run that make its numbers something other than its policy's alone.</summary>
internal static class RunFlags
{
    /// <summary>The run's counter that says the runnable_timeout watchdog destroyed the enclave (0 or 1).</summary>
    public const string WatchdogCounter = "watchdog_fired";

    /// <summary>Whether the watchdog destroyed the enclave in <paramref name="r"/>: read from the counter, never from
    /// note text (the srpt note "watchdog off" once counted as a firing).</summary>
    public static bool WatchdogFired(CaseResult r)
    {
        foreach (KeyValuePair<string, long> c in r.Report.Counters)
        {
            if (c.Key == WatchdogCounter)
            {
                return c.Value > 0;
            }
        }
        return false;
    }

    /// <summary>Why <paramref name="r"/>'s numbers are not its policy's alone, or null when they are.</summary>
    public static string? Contamination(CaseResult r) =>
        r.Report.Partial ? "cancelled before its end (partial)"
        : WatchdogFired(r) ? "the watchdog handed its tasks to the fair class (cfs)"
        : null;
}
