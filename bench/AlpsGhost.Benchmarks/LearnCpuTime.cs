using System.Diagnostics;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Benchmarks;

/// <summary>
/// The <c>learn-cpu</c> mode: process CPU time per learning round for the 100k-record cases of
/// <see cref="LearnOneWindow"/>, next to wall time.
/// </summary>
/// <remarks>
/// On a machine loaded by other work, wall time includes time spent waiting for a core, which says
/// nothing about the learner. CPU time of the process (the round is single-threaded; a background GC
/// thread may add a little) is what the round would take on an idle core. Not a BenchmarkDotNet run:
/// 3 warm-up and 10 measured rounds, medians reported.
/// </remarks>
public static class LearnCpuTime
{
    /// <summary>Command-line word selecting this mode.</summary>
    public const string Command = "learn-cpu";

    /// <summary>Functions of the many-function window (a crowded FaaS host).</summary>
    public const int ManyFunctions = 1_000;

    // The same 100k-record window with its 8 functions split 125 ways each (1,000 functions, the same demand mix):
    // what a round costs when the learner tracks a crowded host's functions (reference mode, avg), without and with the shape prior.
    private static void RunManyFunctions(TextWriter output)
    {
        InvocationRecord[] window = SyntheticFaas.Window(LearnOneWindow.BudgetRecords, seed: 7, out _);
        int split = ManyFunctions / SyntheticFaas.Functions;
        for (int i = 0; i < window.Length; i++)
        {
            window[i].FunctionId = (window[i].FunctionId * split) + (int)(window[i].Gtid % split);
        }
        foreach (int prior in new[] { 0, 32 })
        {
            var round = new LearningRound(new LearningOptions { CurvePriorSamples = prior });
            double[] cpu = CpuTimesMs(() => round.Run(window, 70, PolicySnapshot.Empty, 0), out _);
            output.WriteLine($"{ManyFunctions} functions, reference avg, curve prior {prior}: CPU {cpu[cpu.Length / 2],7:F1} ms (min {cpu[0],7:F1}) per round over {window.Length:N0} records");
        }
        // What the background learner does per round: order its window (InvocationWindow), then run the round.
        var held = new InvocationWindow(long.MaxValue);
        foreach (InvocationRecord r in window)
        {
            held.Add(r);
        }
        var withWindow = new LearningRound(new LearningOptions());
        double[] total = CpuTimesMs(() => withWindow.Run(held.Ordered(), 70, PolicySnapshot.Empty, 0), out _);
        output.WriteLine($"{ManyFunctions} functions, reference avg, window ordering + round: CPU {total[total.Length / 2],7:F1} ms (min {total[0],7:F1}) per round over {window.Length:N0} records");
    }

    // 3 warm-up rounds, then 10 measured: each round's process CPU time and wall time (ms), both sorted ascending.
    private static double[] CpuTimesMs(Action round, out double[] wall)
    {
        for (int i = 0; i < 3; i++)
        {
            round();
        }
        var cpu = new double[10];
        wall = new double[10];
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < cpu.Length; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            long wallBefore = Stopwatch.GetTimestamp();
            round();
            wall[i] = Stopwatch.GetElapsedTime(wallBefore).TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        }
        Array.Sort(cpu);
        Array.Sort(wall);
        return cpu;
    }

    /// <summary>Measures and prints one line per case.</summary>
    public static void Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"learning round over a {LearnOneWindow.BudgetRecords:N0}-record window: process CPU vs wall time (median and min of 10)");
        foreach (LearnCase c in LearnOneWindow.Cases())
        {
            if (c.Records != LearnOneWindow.BudgetRecords)
            {
                continue;
            }
            InvocationRecord[] window = SyntheticFaas.Window(c.Records, seed: 7, out int cpus);
            var round = new LearningRound(new LearningOptions { Trainer = c.Trainer, Srpt = new SrptOptions { Mode = c.Mode, CpuCount = cpus } });
            double[] cpu = CpuTimesMs(() => round.Run(window, 70, PolicySnapshot.Empty, 0), out double[] wall);
            double median = cpu[cpu.Length / 2];
            string verdict = median < LearnOneWindow.BudgetMs ? "meets" : "MISSES";
            output.WriteLine($"{c,-20} CPU {median,7:F1} ms (min {cpu[0],7:F1})  wall {wall[wall.Length / 2],7:F1} ms (min {wall[0],7:F1})  {verdict} the {LearnOneWindow.BudgetMs} ms target on CPU time");
        }
        RunManyFunctions(output);
    }
}
