using Microsoft.Extensions.Logging;

namespace AlpsGhost.Runs;

/// <summary>What <c>--log-level</c> lets through: the agent's and learner's informational lines go to stderr only
/// at <c>info</c> or below; the daemon's host logs at the same minimum level.</summary>
/// <remarks>Reports go to stdout and are never filtered; errors that end the run are always printed.</remarks>
public sealed class LogFilter
{
    /// <summary>The <c>--log-level</c> values, least to most severe.</summary>
    public static readonly string[] Levels = ["trace", "debug", "info", "warning", "error", "none"];

    private readonly TextWriter _errors;

    private LogFilter(LogLevel minimum, TextWriter errors)
    {
        Minimum = minimum;
        _errors = errors;
    }

    /// <summary>Everything at info level and above, to <paramref name="errors"/> (the default).</summary>
    public static LogFilter Default(TextWriter errors) => new(LogLevel.Information, errors);

    /// <summary>The filter for a <c>--log-level</c> value (one of <see cref="Levels"/>).</summary>
    public static LogFilter For(string level, TextWriter errors) => new(level switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "none" => LogLevel.None,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "expected one of " + string.Join(", ", Levels)),
    }, errors);

    /// <summary>Least severe level printed.</summary>
    public LogLevel Minimum { get; }

    /// <summary>Prints an informational line (agent and learner progress) unless the level is above info.</summary>
    public void Info(string message)
    {
        if (Minimum <= LogLevel.Information)
        {
            _errors.WriteLine(message);
        }
    }

    /// <summary>Prints a warning (something the operator should look at) unless the level is above warning.</summary>
    public void Warning(string message)
    {
        if (Minimum <= LogLevel.Warning)
        {
            _errors.WriteLine(message);
        }
    }
}
