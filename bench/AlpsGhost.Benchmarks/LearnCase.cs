using AlpsGhost.Agent.Learning;

namespace AlpsGhost.Benchmarks;

/// <summary>One learner configuration of <see cref="LearnOneWindow"/>.</summary>
/// <param name="Records">Records in the window.</param>
/// <param name="Mode">SRPT simulation mode.</param>
/// <param name="Trainer">Trainer name (avg, lr, forest).</param>
public sealed record LearnCase(int Records, SimulationMode Mode, string Trainer)
{
    /// <summary>Shown in the results table, e.g. <c>100k/multi/lr</c>.</summary>
    public override string ToString() => $"{Records / 1000}k/{Mode.ToString().ToLowerInvariant()}/{Trainer}";
}
