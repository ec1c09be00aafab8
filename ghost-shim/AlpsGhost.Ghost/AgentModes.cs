namespace AlpsGhost.Ghost;

/// <summary>The one place that names the agent modes (command lines, config files, reports, metrics).</summary>
public static class AgentModes
{
    /// <summary>Every mode's name, in <see cref="AgentMode"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["spinning", "queue-wakeup", "adaptive"];

    /// <summary>
    /// The mode a host runs when none is asked for, and what <c>auto</c> means: the mode measured best at
    /// 2, 16 and 56 CPUs (docs/alps-evaluation.md, "Agent modes").
    /// </summary>
    public const AgentMode Default = AgentMode.QueueWakeup;

    /// <summary>The name of <paramref name="mode"/>.</summary>
    public static string Name(AgentMode mode) => Names[(int)mode];

    /// <summary>Parses a mode name (exact, lower case); false for anything else.</summary>
    public static bool TryParse(string? name, out AgentMode mode)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (name == Names[i])
            {
                mode = (AgentMode)i;
                return true;
            }
        }
        mode = Default;
        return false;
    }
}
