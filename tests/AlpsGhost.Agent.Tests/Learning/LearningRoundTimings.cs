using System.Diagnostics;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>
/// Measures learning rounds (not a regression test: explicit only). Run:
/// <c>dotnet test tests/AlpsGhost.Agent.Tests -c Release --filter "Category=Measurement" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Explicit("measurement, prints timings")]
[Category("Measurement")]
public sealed class LearningRoundTimings
{
    /// <summary>A 60 s window of <paramref name="count"/> invocations of 8 functions (mean CPU 2..600 ms, exponential).</summary>
    internal static InvocationRecord[] SyntheticWindow(int count, int seed = 1)
    {
        double[] meanCpuMs = [2, 5, 10, 30, 60, 100, 200, 600];
        var rng = new Random(seed);
        var records = new InvocationRecord[count];
        for (int i = 0; i < count; i++)
        {
            int f = rng.Next(meanCpuMs.Length);
            long arrivalNs = (long)(rng.NextDouble() * 60e9);
            long cpuNs = (long)(-Math.Log(1 - rng.NextDouble()) * meanCpuMs[f] * 1e6) + 100_000;
            records[i] = new InvocationRecord
            {
                Gtid = i + 1,
                FunctionId = f + 1,
                ArrivalNs = arrivalNs,
                CpuNs = cpuNs,
                EndNs = arrivalNs + (2 * cpuNs),
                BlockedNs = cpuNs / 4,
                Bursts = 1 + rng.Next(3),
                Completed = true,
            };
        }
        Array.Sort(records, InvocationWindow.CompareWindowOrder);
        return records;
    }

    [Test]
    public void MeasureRounds()
    {
        foreach (SimulationMode mode in new[] { SimulationMode.Reference, SimulationMode.Multi })
        {
            foreach (string trainer in Trainers.Names)
            {
                foreach (int count in new[] { 1_000, 10_000, 100_000 })
                {
                    InvocationRecord[] window = SyntheticWindow(count);
                    // Multi: 8 CPUs for 1k/10k; the 100k window is 8x overloaded on 8 CPUs, so give it 64.
                    int cpus = count >= 100_000 ? 64 : 8;
                    var options = new LearningOptions { Trainer = trainer, Srpt = new SrptOptions { Mode = mode, CpuCount = cpus } };
                    var round = new LearningRound(options);
                    round.Run(window, 60, PolicySnapshot.Empty, 0); // warm-up (JIT, ML.NET init)
                    const int reps = 3;
                    var watch = Stopwatch.StartNew();
                    int segments = 0;
                    for (int i = 0; i < reps; i++)
                    {
                        RoundResult r = round.Run(window, 60, PolicySnapshot.Empty, 0);
                        segments = r.Profiles.Sum(p => p.Segments.Count);
                    }
                    double ms = watch.Elapsed.TotalMilliseconds / reps;
                    TestContext.Out.WriteLine($"{mode,-9} {trainer,-6} records={count,7} cpus={cpus,2} segments={segments,7} round={ms,9:F2} ms  per-record={ms * 1e6 / count,8:F0} ns");
                }
            }
        }
    }
}
