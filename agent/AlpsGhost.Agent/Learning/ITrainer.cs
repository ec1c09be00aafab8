namespace AlpsGhost.Agent.Learning;

/// <summary>Learns a basis and a spread per function from its SRPT profile (docs/algorithm.md §2.1).</summary>
public interface ITrainer
{
    /// <summary>Name used to select it (<c>avg</c>, <c>lr</c>, <c>forest</c>).</summary>
    string Name { get; }

    /// <summary>Trains on <paramref name="profile"/>, which has at least one segment.</summary>
    TrainerResult Train(FunctionProfile profile);
}
