namespace AlpsGhost.Config;

/// <summary>A configuration was rejected; carries every error found, not just the first.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception; the message lists every error, one per line.</summary>
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error: per object, unknown and duplicate properties first, then values in the order the format
    /// lists them; cross-field errors last (only when no field is invalid).</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("a ConfigException needs at least one error", nameof(errors));
        }
        return string.Join('\n', errors);
    }
}
