namespace AlpsGhost.Agent.Learning;

/// <summary>Selects a trainer by name.</summary>
public static class Trainers
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["avg", "lr", "forest"];

    /// <summary>Creates the trainer called <paramref name="name"/> (<c>avg|lr|forest</c>, case-insensitive).</summary>
    public static ITrainer Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "avg" => new AverageTrainer(),
            "lr" => new LinearTrendTrainer(),
            "forest" => new ForestTrainer(),
            _ => throw new ArgumentException($"unknown trainer '{name}' (expected avg, lr or forest)", nameof(name)),
        };
    }
}
