using AlpsGhost.Config;

namespace AlpsGhost.Cli.Grammar;

/// <summary>Prints a rejected configuration (file or flags): one line for one error, else a header and one line each.</summary>
public static class ConfigErrors
{
    /// <summary>Writes <paramref name="e"/>'s errors to <paramref name="errors"/>, prefixed by <paramref name="program"/>.</summary>
    public static void Write(TextWriter errors, string program, ConfigException e)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(e);
        if (e.Errors.Count == 1)
        {
            errors.WriteLine($"{program}: invalid configuration: {e.Errors[0]}");
            return;
        }
        errors.WriteLine($"{program}: invalid configuration ({e.Errors.Count} errors):");
        errors.WriteLine(e.Message);
    }
}
