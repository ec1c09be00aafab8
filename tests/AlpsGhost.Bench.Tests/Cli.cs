namespace AlpsGhost.Bench.Tests;

/// <summary>Runs alps-bench's command line in process, capturing its output.</summary>
internal static class Cli
{
    /// <summary>Exit code, stdout and stderr of <c>alps-bench args</c>.</summary>
    public static (int ExitCode, string Output, string Errors) Run(params string[] args) => Run(default, args);

    /// <summary>Exit code, stdout and stderr of <c>alps-bench args</c> with <paramref name="cancel"/> standing in for SIGINT.</summary>
    public static (int ExitCode, string Output, string Errors) Run(CancellationToken cancel, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int rc = BenchCommandLine.Run(args, output, errors, fancy: false, cancel);
        return (rc, output.ToString(), errors.ToString());
    }
}
