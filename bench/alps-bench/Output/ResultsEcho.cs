using AlpsGhost.Cli.Grammar;

namespace AlpsGhost.Bench.Output;

/// <summary>
/// <c>--output</c> of the commands that write their results to <c>--out</c> (<c>run</c>, <c>real</c>): with
/// <c>json</c> or <c>csv</c>, stdout carries exactly results.json or results.csv (the progress lines go to stderr),
/// so <c>alps-bench run ... --output csv | ...</c> pipes one document; <c>table</c> keeps the progress on stdout.
/// </summary>
internal static class ResultsEcho
{
    /// <summary>Where progress lines go: stdout for a table, else stderr.</summary>
    public static TextWriter ProgressWriter(string format, TextWriter output, TextWriter errors) =>
        format == CliOptions.Table ? output : errors;

    /// <summary>Copies the results file of <paramref name="format"/> from <paramref name="outDir"/> to <paramref name="output"/>
    /// (nothing for a table, or when the run wrote no results).</summary>
    public static void Print(string format, DirectoryInfo outDir, TextWriter output)
    {
        string? file = format switch
        {
            CliOptions.Json => "results.json",
            CliOptions.Csv => "results.csv",
            _ => null,
        };
        string path = file is null ? "" : Path.Combine(outDir.FullName, file);
        if (file is not null && File.Exists(path))
        {
            output.Write(File.ReadAllText(path));
        }
    }
}
