using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>Builds invocation records in ms for readable tests.</summary>
internal static class Records
{
    public static InvocationRecord Make(long gtid, int function, long arrivalMs, long cpuMs, long endMs,
        bool completed = true, long blockedMs = 0, int bursts = 1) => new()
        {
            Gtid = gtid,
            FunctionId = function,
            ArrivalNs = arrivalMs * 1_000_000,
            CpuNs = cpuMs * 1_000_000,
            EndNs = endMs * 1_000_000,
            BlockedNs = blockedMs * 1_000_000,
            Bursts = bursts,
            Completed = completed,
        };

    /// <summary>
    /// A window equivalent to the worked example of docs/algorithm.md §2.6: in reference mode (first-k sampling,
    /// N = 24) its 12 sampled jobs give the SRPT segment statistics listed there — UID1 8/0, UID3 22.5/7.27,
    /// UID6 62/0, UID8 103/0, UID14 206/0, UID21 621/0 — and 276 later-completing filler records of function 99
    /// are not sampled.
    /// </summary>
    public static InvocationRecord[] WorkedExampleWindow()
    {
        // (function, arrival ms, cpu ms). UID3's 27 ms job at 0 is preempted after its 8-tick minimum run by the
        // UID1 job arriving at 3 (8 < 19 remaining): segments 8, 19. Everything else runs alone.
        (int F, long A, long C)[] designed =
        [
            (3, 0, 27), (1, 3, 8), (3, 100, 25), (3, 200, 26), (3, 300, 27), (3, 400, 30), (1, 500, 8),
            (6, 600, 62), (8, 700, 103), (14, 900, 206), (21, 1200, 621), (1, 2000, 8),
        ];
        var records = new List<InvocationRecord>();
        long gtid = 1;
        foreach ((int f, long a, long c) in designed)
        {
            records.Add(Make(gtid++, f, a, c, a + c));
        }
        for (int i = 0; i < 276; i++)
        {
            records.Add(Make(gtid++, 99, 5_000 + i, 1 + (i % 50), 100_000 + i));
        }
        return [.. records];
    }
}
