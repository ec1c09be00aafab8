using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using AlpsGhost.Ghost.Host;

namespace AlpsGhost.Cli.Grammar;

/// <summary>Runs a command line with the grammar both executables share: a parse error is one line on stderr and exit 2.</summary>
/// <remarks>System.CommandLine's default prints the whole help and exits 1 on a parse error, and names CLR types
/// (<c>System.Int32</c>); <c>--help</c> documents 2 for bad input. Every parse error therefore goes through
/// <see cref="ParseErrorText.Describe"/>, never through the library's error action. Signal handling is the caller's
/// (<see cref="Cancellation"/>): the library's own SIGINT/SIGTERM handler is switched off.</remarks>
public static class CliRunner
{
    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the chosen action.</summary>
    /// <returns>The action's exit code, or <see cref="ExitCodes.Usage"/> after a parse error.</returns>
    public static int Run(RootCommand root, string[] args, TextWriter output, TextWriter errors, string program)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction && parse.Errors.Count > 0)
        {
            errors.WriteLine($"{program}: {ParseErrorText.Describe(parse.Errors[0])}");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = errors,
            ProcessTerminationTimeout = null,
        };
        return parse.Invoke(configuration);
    }
}
