using AlpsGhost.Agent.Learning;

namespace AlpsGhost.Runs.Faults;

/// <summary>A trainer that always throws: the learner must keep the last snapshot and the agent must not notice.</summary>
internal sealed class ThrowingTrainer : ITrainer
{
    public string Name => "throwing";

    public TrainerResult Train(FunctionProfile profile) =>
        throw new InvalidOperationException("injected trainer fault (fault scenario learner-throws)");
}

/// <summary>A trainer that answers NaN, +/-infinity or a negative basis in turn: the learner must reject the round.</summary>
internal sealed class NonFiniteTrainer : ITrainer
{
    private int _calls;

    public string Name => "non-finite";

    public TrainerResult Train(FunctionProfile profile) => (_calls++ % 4) switch
    {
        0 => new TrainerResult(double.NaN, 1),
        1 => new TrainerResult(double.PositiveInfinity, 0),
        2 => new TrainerResult(1, double.NegativeInfinity),
        _ => new TrainerResult(-5, double.NaN),
    };
}
