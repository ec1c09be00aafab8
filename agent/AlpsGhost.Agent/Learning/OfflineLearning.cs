using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Learning;

/// <summary>
/// Offline what-if learning for <c>alps-ghost-agent learn --window FILE --utilization U [--mode reference|multi] [--ml avg|lr|forest] --json</c>:
/// one learning round over a window file, with no previous policy (so no smoothing).
/// </summary>
public static class OfflineLearning
{
    /// <summary>Runs with the default options for <paramref name="mode"/>, <paramref name="trainer"/> and <paramref name="cpuCount"/>.</summary>
    /// <param name="windowPath">CSV or JSON window file (see <see cref="WindowFile"/>).</param>
    /// <param name="utilizationPercent">U in percent, 0..100.</param>
    /// <param name="mode">Reference (one CPU, 1/24 sample) or multi.</param>
    /// <param name="trainer"><c>avg|lr|forest</c>.</param>
    /// <param name="cpuCount">CPUs for multi mode.</param>
    public static OfflineResult Run(string windowPath, double utilizationPercent, SimulationMode mode = SimulationMode.Reference,
        string trainer = "avg", int cpuCount = 1) =>
        Run(windowPath, utilizationPercent, new LearningOptions
        {
            Trainer = trainer,
            Srpt = new SrptOptions { Mode = mode, CpuCount = cpuCount },
        });

    /// <summary>Runs one round over <paramref name="windowPath"/> with <paramref name="options"/>.</summary>
    /// <exception cref="WindowFileException">The window file is missing or malformed.</exception>
    /// <exception cref="ArgumentException">An option or the utilization is out of range (names it).</exception>
    /// <exception cref="LearningException">The round produced an unusable value.</exception>
    public static OfflineResult Run(string windowPath, double utilizationPercent, LearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!double.IsFinite(utilizationPercent) || utilizationPercent < 0 || utilizationPercent > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(utilizationPercent), utilizationPercent, "expected a CPU utilization in percent, 0..100");
        }
        InvocationRecord[] records = WindowFile.Load(windowPath);
        Array.Sort(records, InvocationWindow.CompareWindowOrder);
        var round = new LearningRound(options);
        RoundResult result = round.Run(records, utilizationPercent, PolicySnapshot.Empty, 0);

        var byId = new Dictionary<int, FunctionProfile>();
        foreach (FunctionProfile p in result.Profiles)
        {
            byId[p.FunctionId] = p;
        }
        var functions = new List<OfflineFunctionResult>(result.Decisions.Count);
        foreach (FunctionDecision d in result.Decisions)
        {
            FunctionProfile p = byId[d.FunctionId];
            functions.Add(new OfflineFunctionResult(d.FunctionId, p.Invocations, SegmentStatistics.Of(p.Segments), d.Basis, d.Std, d.Rank, d.SliceMs));
        }
        return new OfflineResult(windowPath, records.Length, options, utilizationPercent, functions, result.Elapsed);
    }
}
