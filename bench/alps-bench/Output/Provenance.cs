using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AlpsGhost.Bench.Output;

/// <summary>Where a report came from: the build's commit, the command line, when, on which machine, how loaded.</summary>
/// <remarks>Written at the top of report.md and into every run of results.json, so either file alone tells which
/// commit, command and machine produced it. The only part of the outputs that differs between two identical runs.</remarks>
/// <param name="Commit">The source commit the executable was built from (from its informational version), or "unknown".</param>
/// <param name="CommandLine">The command line, arguments quoted where they need it.</param>
/// <param name="DateUtc">When the run started, ISO 8601 UTC.</param>
/// <param name="Machine">Host name, OS and CPU model.</param>
/// <param name="LogicalCpus">CPUs this process could use.</param>
/// <param name="LoadAverage">/proc/loadavg's 1, 5 and 15 minute load at the start, or "unknown".</param>
/// <param name="Runtime">The .NET runtime that ran.</param>
internal sealed record Provenance(string Commit, string CommandLine, string DateUtc, string Machine, int LogicalCpus, string LoadAverage, string Runtime)
{
    /// <summary>Reads the provenance of this process, with <paramref name="args"/> as its command line.</summary>
    public static Provenance Capture(IReadOnlyList<string> args) => new(
        CommitOf(typeof(Provenance).Assembly), // alps-bench itself, also when a test host is the entry assembly
        string.Join(' ', args.Select(Quote)),
        DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        $"{Environment.MachineName}, {RuntimeInformation.OSDescription}, {CpuModel()}",
        Environment.ProcessorCount,
        LoadAverageNow(),
        RuntimeInformation.FrameworkDescription);

    /// <summary>Markdown lines for report.md.</summary>
    public IEnumerable<string> MarkdownLines()
    {
        yield return $"- commit: `{Commit}`";
        yield return $"- command: `{CommandLine}`";
        yield return $"- date: {DateUtc}";
        yield return $"- machine: {Machine}; {LogicalCpus.ToString(CultureInfo.InvariantCulture)} logical CPUs; load average {LoadAverage} (1, 5, 15 min) at the start; {Runtime}";
    }

    /// <summary>Writes the provenance as a JSON object named <paramref name="name"/>.</summary>
    public void WriteJson(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteString("commit", Commit);
        w.WriteString("command_line", CommandLine);
        w.WriteString("date_utc", DateUtc);
        w.WriteString("machine", Machine);
        w.WriteNumber("logical_cpus", LogicalCpus);
        w.WriteString("load_average", LoadAverage);
        w.WriteString("runtime", Runtime);
        w.WriteEndObject();
    }

    /// <summary>The commit in an informational version such as <c>1.0.0+a65b42b...</c>, or "unknown".</summary>
    public static string CommitOf(Assembly assembly)
    {
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 && plus + 1 < version!.Length ? version[(plus + 1)..] : "unknown";
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.AsSpan().IndexOfAny(" \t\"'$`\\") < 0 ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string CpuModel() => Real.ProcFiles.CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string LoadAverageNow()
    {
        double[] load = Real.ProcFiles.LoadAverages();
        return double.IsNaN(load[2]) ? "unknown" : string.Join(' ', load.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)));
    }
}
