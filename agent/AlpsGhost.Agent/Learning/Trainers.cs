using System.Runtime.CompilerServices;

namespace AlpsGhost.Agent.Learning;

/// <summary>Selects a trainer by name.</summary>
/// <remarks><c>forest</c> (ML.NET) builds its data pipeline by reflection and emitted code, which a NativeAOT build
/// does not have: there <see cref="RuntimeFeature.IsDynamicCodeSupported"/> is the constant false, the compiler drops
/// the branch that creates it, and with it every ML.NET type, so the AOT agent carries no ML.NET code.</remarks>
public static class Trainers
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["avg", "lr", "forest"];

    /// <summary>Why the trainer called <paramref name="name"/> cannot run in this build, or null when it can.</summary>
    public static string? Unavailable(string name) => Unavailable(name, RuntimeFeature.IsDynamicCodeSupported);

    /// <summary><see cref="Unavailable(string)"/> for a build with or without dynamic code (testable under the JIT).</summary>
    public static string? Unavailable(string name, bool dynamicCode) =>
        !dynamicCode && string.Equals(name, "forest", StringComparison.OrdinalIgnoreCase)
            ? "the 'forest' trainer (ML.NET FastForest) is not part of the NativeAOT build, since ML.NET needs run-time code generation: use 'avg' or 'lr', or the single-file build (docs/service.md)"
            : null;

    /// <summary>Creates the trainer called <paramref name="name"/> (<c>avg|lr|forest</c>, case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name, or a trainer this build does not have (<see cref="Unavailable(string)"/>).</exception>
    public static ITrainer Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "avg" => new AverageTrainer(),
            "lr" => new LinearTrendTrainer(),
            "forest" => Forest(),
            _ => throw new ArgumentException($"unknown trainer '{name}' (expected avg, lr or forest)", nameof(name)),
        };
    }

    private static ITrainer Forest()
    {
        // A plain test of the feature switch, so the AOT compiler can prove the ForestTrainer line dead.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new ArgumentException(Unavailable("forest", dynamicCode: false));
        }
        return new ForestTrainer();
    }
}
