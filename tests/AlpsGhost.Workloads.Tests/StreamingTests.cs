namespace AlpsGhost.Workloads.Tests;

/// <summary>Streamed invocations equal the materialised ones, and the stream holds one pending invocation per function.</summary>
public class StreamingTests
{
    // Every arrival process and I/O split in one file: poisson (incremental), bursty and explicit (buffered),
    // per-burst and even CPU splits, a tie-prone explicit list.
    private const string AllForms = """
        { "duration_s": 20, "utilization": 0.8, "functions": [
          { "name": "p", "cpu": { "dist": "lognormal", "mean": 5, "cv": 1 }, "arrival": { "process": "poisson", "weight": 5 } },
          { "name": "b", "cpu": { "dist": "exponential", "mean": 30 }, "arrival": { "process": "bursty", "weight": 1, "mean_on_ms": 500, "mean_off_ms": 1500 } },
          { "name": "io", "cpu": 1, "io": { "bursts": { "min": 1, "max": 4 }, "block": 3, "cpu_split": "per_burst" }, "arrival": { "process": "poisson", "rate_per_s": 30 } },
          { "name": "even", "cpu": 12, "io": { "bursts": 2, "block": { "dist": "uniform", "min": 1, "max": 4 } }, "arrival": { "process": "poisson", "weight": 2 } },
          { "name": "x", "cpu": 2, "arrival": { "process": "explicit", "times_ms": [0, 0, 5, 5, 5, 1000, 19999, 25000] } }
        ] }
        """;

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ShippedWorkloadNames))]
    public void StreamedInvocationsEqualTheMaterialisedOnes(string name)
    {
        string path = Path.Combine(RepoPaths.Workloads, name);
        var overrides = new WorkloadOverrides { CpuCount = 2, Seed = 5 };
        Workload whole = WorkloadFile.Load(path, overrides);
        StreamedWorkload streamed = WorkloadFile.LoadStreamed(path, overrides);
        Assert.That(Fingerprint(streamed.Invocations), Is.EqualTo(Fingerprint(whole.Invocations)));
        Assert.That(streamed.Functions, Is.EqualTo(whole.Functions));
        Assert.That(streamed.DurationNs, Is.EqualTo(whole.DurationNs));
    }

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void EveryArrivalProcessStreamsTheSameDraws(ulong seed)
    {
        var overrides = new WorkloadOverrides { CpuCount = 4, Seed = seed };
        Workload whole = WorkloadFile.Parse(AllForms, "all.json", ".", overrides);
        StreamedWorkload streamed = WorkloadFile.ParseStreamed(AllForms, "all.json", ".", overrides);
        Assert.That(Fingerprint(streamed.Invocations), Is.EqualTo(Fingerprint(whole.Invocations)));
        // Enumerating again starts over from the seed.
        Assert.That(Fingerprint(streamed.Invocations), Is.EqualTo(Fingerprint(whole.Invocations)));
    }

    [Test]
    public void TheStreamHoldsAtMostOnePendingInvocationPerFunction()
    {
        // Memory follows the functions, not the trace: 16 CPUs of the Azure replay are tens of thousands of
        // invocations, the stream never holds more than one per function (10) beyond the arrival buffers.
        StreamedWorkload streamed = WorkloadFile.LoadStreamed(Path.Combine(RepoPaths.Workloads, "azure2019.json"),
            new WorkloadOverrides { CpuCount = 16, Seed = 1 });
        int count = 0;
        foreach (InvocationSpec inv in streamed.Invocations)
        {
            Assert.That(inv.Id, Is.EqualTo(count));
            count++;
        }
        Assert.That(count, Is.GreaterThan(50_000));
        Assert.That(streamed.Invocations.MaxPending, Is.InRange(1, streamed.Functions.Count));
    }

    [Test]
    public void TheHourLongScaleWorkloadIsTheAzureReplayOverAWholeHour()
    {
        // bench/scale/azure2019-hour.json is the documented scale check (docs/performance.md): it must stay loadable
        // and stay what the figures describe, the ten Azure functions over 3600 s, scaled like azure2019.json.
        var overrides = new WorkloadOverrides { CpuCount = 56, Seed = 1 };
        StreamedWorkload hour = WorkloadFile.LoadStreamed(Path.Combine(RepoPaths.Root, "bench", "scale", "azure2019-hour.json"), overrides);
        Workload fiveMinutes = WorkloadFile.Load(Path.Combine(RepoPaths.Workloads, "azure2019.json"), overrides);
        Assert.That(hour.DurationNs, Is.EqualTo(3600L * 1_000_000_000));
        Assert.That(hour.Functions, Is.EqualTo(fiveMinutes.Functions));
        Assert.That(hour.TargetUtilization, Is.EqualTo(fiveMinutes.TargetUtilization));
    }

    private static string Fingerprint(IEnumerable<InvocationSpec> invocations)
    {
        var sb = new System.Text.StringBuilder();
        foreach (InvocationSpec i in invocations)
        {
            sb.Append(i.Id).Append('/').Append(i.FunctionId).Append('@').Append(i.ArrivalNs).Append(':');
            foreach (Phase p in i.Phases)
            {
                sb.Append(p.Kind == PhaseKind.Cpu ? 'c' : 'b').Append(p.DurationNs).Append(',');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
