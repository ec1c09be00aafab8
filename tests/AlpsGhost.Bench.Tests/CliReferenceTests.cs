using System.CommandLine;
using System.Text.RegularExpressions;
using AlpsGhost.Cli;

namespace AlpsGhost.Bench.Tests;

/// <summary>docs/cli.md lists every option of both executables, and nothing else: each command's options as
/// <c>--help</c> shows them (name and aliases) must be rows of its table.</summary>
[TestFixture]
public sealed partial class CliReferenceTests
{
    [Test]
    public void DocsTableMatchesEveryOptionOfBothExecutables()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        Collect("alps-ghost-agent", AgentCommandLine.Build(TextWriter.Null, TextWriter.Null), expected);
        Collect("alps-bench", BenchCommandLine.Build(TextWriter.Null, TextWriter.Null, fancy: false), expected);

        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(RepoFiles.Path("docs/cli.md")))
        {
            Match m = Row().Match(line);
            if (m.Success)
            {
                documented.Add($"{m.Groups[1].Value.Trim()} | {m.Groups[2].Value.Trim()}");
            }
        }
        Assert.That(documented.Except(expected), Is.Empty, "rows in docs/cli.md for options that do not exist (or whose aliases changed)");
        Assert.That(expected.Except(documented), Is.Empty, "options missing from docs/cli.md; add a row `| command | `--name`, `--alias` | meaning |`");
    }

    [Test]
    public void HelpShowsEveryOptionTheTableChecks()
    {
        // The table is checked against the command tree; --help prints that same tree.
        var output = new StringWriter();
        int rc = AgentCommandLine.Run(["--help"], output, TextWriter.Null);
        Assert.That(rc, Is.Zero);
        foreach (Option o in AgentCommandLine.Build(TextWriter.Null, TextWriter.Null).Options)
        {
            if (!o.Hidden)
            {
                Assert.That(output.ToString(), Does.Contain(o.Name));
            }
        }
    }

    [Test]
    public void EveryValueListInTheDocsIsTheOptionsAcceptedValues()
    {
        // A row's "(values: `a`, `b`)" must be exactly what the option accepts: a policy added to the command line
        // and not to docs/cli.md (gittins-oracle-seen once was) fails here.
        var accepted = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        CollectValues("alps-ghost-agent", AgentCommandLine.Build(TextWriter.Null, TextWriter.Null), accepted);
        CollectValues("alps-bench", BenchCommandLine.Build(TextWriter.Null, TextWriter.Null, fancy: false), accepted);
        int checkedRows = 0;
        foreach (string line in File.ReadLines(RepoFiles.Path("docs/cli.md")))
        {
            Match row = Row().Match(line);
            Match values = ValuesList().Match(line);
            if (!row.Success || !values.Success)
            {
                continue;
            }
            string key = $"{row.Groups[1].Value.Trim()} | {row.Groups[2].Value.Trim()}";
            var documented = new SortedSet<string>(values.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim('`')), StringComparer.Ordinal);
            Assert.That(accepted.ContainsKey(key), $"{key}: documents values for an option that accepts any value");
            Assert.That(documented, Is.EquivalentTo(accepted[key]), $"{key}: the values docs/cli.md lists");
            checkedRows++;
        }
        Assert.That(checkedRows, Is.GreaterThanOrEqualTo(20), "the table's value lists were found");
    }

    private static void CollectValues(string path, Command command, Dictionary<string, SortedSet<string>> values)
    {
        foreach (Option o in command.Options)
        {
            var completions = new SortedSet<string>(o.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label), StringComparer.Ordinal);
            if (!o.Hidden && completions.Count > 0)
            {
                IEnumerable<string> names = new[] { o.Name }.Concat(o.Aliases.Order(StringComparer.Ordinal));
                values[$"{path} | {string.Join(", ", names.Select(n => "`" + n + "`"))}"] = completions;
            }
        }
        foreach (Command sub in command.Subcommands)
        {
            CollectValues(path + " " + sub.Name, sub, values);
        }
    }

    private static void Collect(string path, Command command, SortedSet<string> rows)
    {
        foreach (Option o in command.Options)
        {
            if (o.Hidden || o is System.CommandLine.Help.HelpOption || o is VersionOption)
            {
                continue;
            }
            IEnumerable<string> names = new[] { o.Name }.Concat(o.Aliases.Order(StringComparer.Ordinal));
            rows.Add($"{path} | {string.Join(", ", names.Select(n => "`" + n + "`"))}");
        }
        foreach (Command sub in command.Subcommands)
        {
            Collect(path + " " + sub.Name, sub, rows);
        }
    }

    // | command | `--name`, `--alias` | meaning |
    [GeneratedRegex(@"^\|\s*((?:alps-ghost-agent|alps-bench)[^|]*)\|\s*(`--[^|]*)\|")]
    private static partial Regex Row();

    // (values: `a`, `b`, `c`) or (values: `a`, `b`; default: `a`)
    [GeneratedRegex(@"\(values: ((?:`[^`]*`(?:, )?)+)(?:; default: `[^`]*`)?\)")]
    private static partial Regex ValuesList();
}
