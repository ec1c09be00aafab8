using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;
using BenchmarkDotNet.Attributes;

namespace AlpsGhost.Benchmarks;

/// <summary>
/// One learning round (<see cref="LearningRound.Run"/>: SRPT over the window, profiles, trainer,
/// rank/slice, snapshot) over a window of <see cref="SyntheticFaas"/> records, 8 functions.
/// </summary>
/// <remarks>
/// The target (the issue's) is under 200 ms per 100 000-record window; the "Budget" column says whether
/// each 100k case meets it. Multi mode simulates the CPU count that runs the window at 70 % load
/// (5 CPUs for 10k records, 45 for 100k); reference mode simulates one CPU over its 1/24 sample.
/// The forest trainer runs on 10k only (the scope).
/// </remarks>
[MemoryDiagnoser]
public class LearnOneWindow
{
    /// <summary>The budget for a 100k-record window.</summary>
    public const double BudgetMs = 200;

    /// <summary>Window size whose rounds the budget applies to.</summary>
    public const int BudgetRecords = 100_000;

    private InvocationRecord[] _window = [];
    private LearningRound _round = null!;

    /// <summary>Every configuration measured.</summary>
    public static IEnumerable<LearnCase> Cases()
    {
        foreach (int records in new[] { 10_000, BudgetRecords })
        {
            foreach (SimulationMode mode in new[] { SimulationMode.Reference, SimulationMode.Multi })
            {
                foreach (string trainer in new[] { "avg", "lr", "forest" })
                {
                    if (trainer != "forest" || records == 10_000)
                    {
                        yield return new LearnCase(records, mode, trainer);
                    }
                }
            }
        }
    }

    /// <summary>Window size, SRPT mode and trainer.</summary>
    [ParamsSource(nameof(Cases))]
    public LearnCase Case { get; set; } = new(10_000, SimulationMode.Reference, "avg");

    /// <summary>Generates the window and runs one round (JIT and ML.NET initialisation happen here).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _window = SyntheticFaas.Window(Case.Records, seed: 7, out int cpus);
        var options = new LearningOptions
        {
            Trainer = Case.Trainer,
            Srpt = new SrptOptions { Mode = Case.Mode, CpuCount = cpus },
        };
        _round = new LearningRound(options);
        RoundResult first = Learn();
        if (first.Decisions.Count == 0)
        {
            throw new InvalidOperationException($"{Case}: the round decided nothing");
        }
    }

    /// <summary>One round over the whole window.</summary>
    [Benchmark]
    public RoundResult Learn() => _round.Run(_window, 70, PolicySnapshot.Empty, 0);
}
