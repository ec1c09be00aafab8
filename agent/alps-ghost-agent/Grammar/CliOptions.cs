using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AlpsGhost.Workloads;
using AlpsGhost.Runs;

namespace AlpsGhost.Cli.Grammar;

/// <summary>The options both executables share, declared once: name, unit, accepted values and the one-line error.</summary>
/// <remarks>Every validator names the option, the value given and what is accepted, so <see cref="CliRunner"/> can
/// print it as the single line of a bad-input exit (2). Units: utilization is a fraction everywhere (0.9 = 90 %),
/// durations carry their unit in the option name (<c>-ms</c>, <c>-s</c>).</remarks>
public static class CliOptions
{
    /// <summary>Most CPUs a simulated machine (or a learner's multi-CPU SRPT simulation) may have.</summary>
    public const int MaxCpus = 1024;

    /// <summary>Report formats of commands that print a report (<c>stats</c> also prints the agent's raw Prometheus text).</summary>
    public const string Table = "table", Json = "json", Csv = "csv", Prometheus = "prometheus";

    /// <summary>Log levels of <c>--log-level</c>, least to most severe; <c>none</c> silences the log.</summary>
    public static readonly string[] LogLevels = AlpsGhost.Runs.LogFilter.Levels;

    /// <summary><c>--cpus N</c>, 1..<see cref="MaxCpus"/>.</summary>
    public static Option<int> Cpus(string description, int defaultValue)
    {
        var option = new Option<int>("--cpus") { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r => Check(r, option.Name, t => !int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n is >= 1 and <= MaxCpus, $"an integer 1..{MaxCpus}"));
        return option;
    }

    /// <summary><c>--utilization U</c>: a fraction with the workload file's rule (<see cref="WorkloadFile.IsValidUtilization"/>).</summary>
    public static Option<double?> Utilization(string description)
    {
        var option = new Option<double?>("--utilization") { Description = description + " A fraction: 0.9 is 90 %, in (0, " + WorkloadFile.MaxUtilization.ToString(CultureInfo.InvariantCulture) + "]." };
        option.Validators.Add(r => Check(r, option.Name, t => !TryNumber(t, out double u) || WorkloadFile.IsValidUtilization(u), WorkloadFile.UtilizationExpected + " (a fraction: 0.9 is 90 %)"));
        return option;
    }

    /// <summary><c>--output FORMAT</c> with the formats the command can print (the first is the default).</summary>
    public static Option<string> Output(params string[] formats)
    {
        var option = new Option<string>("--output")
        {
            Description = "Report format: " + string.Join(", ", formats) + ".",
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary><c>--json</c>, kept for scripts written before <c>--output json</c>: it means exactly <c>--output json</c>.</summary>
    public static Option<bool> JsonAlias() => new("--json") { Description = "Same as --output json (kept for existing scripts)." };

    /// <summary>The format chosen by <paramref name="output"/>, or json when the <paramref name="json"/> alias is given.</summary>
    public static string Format(ParseResult parse, Option<string> output, Option<bool>? json = null) =>
        json is not null && parse.GetValue(json) ? Json : parse.GetValue(output)!;

    /// <summary><c>--log-level LEVEL</c>: how much the agent and learner log on stderr (default info).</summary>
    public static Option<string> LogLevel()
    {
        var option = new Option<string>("--log-level")
        {
            Description = "Least severe log line printed on stderr: " + string.Join(", ", LogLevels) + ". Reports (stdout) are not affected.",
            DefaultValueFactory = _ => "info",
        };
        option.AcceptOnlyFromAmong(LogLevels);
        return option;
    }

    /// <summary>A multi-value option: repeat it, give several values after it, or separate them with commas.</summary>
    public static Option<string[]> List(string name, string description, bool required = false)
    {
        var option = new Option<string[]>(name)
        {
            Description = description + " Several values: repeat the option, list them after it, or separate them with commas.",
            AllowMultipleArgumentsPerToken = true,
            Required = required,
        };
        option.Validators.Add(r =>
        {
            foreach (Token token in r.Tokens)
            {
                foreach (string item in token.Value.Split(','))
                {
                    if (item.Trim().Length == 0)
                    {
                        r.AddError($"{name} '{token.Value}' has an empty item: expected values such as a,b or a b");
                        return;
                    }
                }
            }
        });
        return option;
    }

    /// <summary>The items of a <see cref="List"/> option, comma-separated values split, in order.</summary>
    public static List<string> Items(string[]? values)
    {
        var items = new List<string>();
        foreach (string value in values ?? [])
        {
            foreach (string item in value.Split(','))
            {
                items.Add(item.Trim());
            }
        }
        return items;
    }

    /// <summary>Parses a number as the option parser does (invariant culture; NaN and infinities parse, and are
    /// then rejected by the rule).</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Adds the one-line error when the option's value breaks its rule.</summary>
    /// <param name="result">The option's parse result.</param>
    /// <param name="name">The option's name.</param>
    /// <param name="valid">The rule, on the value's text. Validators also run on a value that did not convert: the
    /// rule must answer true for text it cannot parse, so that only the conversion error is reported.</param>
    /// <param name="expected">What is accepted, in words.</param>
    public static void Check(OptionResult result, string name, Func<string, bool> valid, string expected)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(valid);
        if (result.Tokens.Count > 0 && !valid(result.Tokens[^1].Value))
        {
            result.AddError($"{name} '{result.Tokens[^1].Value}' is not valid: expected {expected}");
        }
    }
}
