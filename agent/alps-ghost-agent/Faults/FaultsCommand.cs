using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Runs.Faults;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Cli.Faults;

/// <summary><c>faults [--seed N] [--scenario NAME]... [--output table|json|csv]</c>: runs the fault scenarios and prints one row each.</summary>
public static class FaultsCommand
{
    /// <summary>The <c>faults</c> subcommand; exits 0 when every scenario passed, 1 otherwise.</summary>
    public static Command Create(TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the workloads and of the injected faults.", DefaultValueFactory = _ => 1 };
        var scenario = new Option<string[]>("--scenario") { Description = "Run only these scenarios (repeatable): " + string.Join(", ", FaultScenarios.Names) + "." };
        scenario.AcceptOnlyFromAmong([.. FaultScenarios.Names]);
        var format = Grammar.CliOptions.Output(Grammar.CliOptions.Table, Grammar.CliOptions.Json, Grammar.CliOptions.Csv);
        var json = Grammar.CliOptions.JsonAlias();
        var command = new Command("faults", "Run the ALPS agent on the simulated kernel under injected faults (agent stalls, failed transactions, ring overflow and corruption, a CPU leaving, tasks departing, a 3x burst, a failing learner) and check: no task lost, CPU time conserved, no wait beyond runnable_timeout unless the watchdog rescued the tasks, no agent crash (docs/faults.md).")
        {
            seed, scenario, format, json,
        };
        command.SetAction(parse =>
        {
            string[]? only = parse.GetValue(scenario);
            IReadOnlyList<FaultScenarioResult> results = FaultScenarios.RunAll(parse.GetValue(seed), only is { Length: > 0 } ? only : null);
            output.Write(Grammar.CliOptions.Format(parse, format, json) switch
            {
                Grammar.CliOptions.Json => ToJson(results),
                Grammar.CliOptions.Csv => ToCsv(results),
                _ => ToTable(results),
            });
            bool passed = true;
            foreach (FaultScenarioResult r in results)
            {
                passed &= r.Passed;
            }
            return passed ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>One row per scenario, then the violations of failed ones.</summary>
    public static string ToTable(IReadOnlyList<FaultScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        CultureInfo ci = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine("scenario            arrived completed departed lost max_wait_ms watchdog      result  txn outcomes");
        foreach (FaultScenarioResult r in results)
        {
            string watchdog = r.WatchdogFired ? (r.WatchdogExpected ? "fired(exp)" : "FIRED") : (r.WatchdogExpected ? "MISSING" : "no");
            var txns = new StringBuilder();
            foreach (KeyValuePair<string, long> kv in r.TxnOutcomes)
            {
                txns.Append(txns.Length > 0 ? " " : "").Append(kv.Key).Append('=').Append(kv.Value.ToString(ci));
            }
            b.Append(ci, $"{r.Name,-19} {r.Arrived,7} {r.Completed,9} {r.Departed,8} {r.Lost,4} {r.MaxRunnableWaitMs,11:F1} {watchdog,-13} {(r.Passed ? "ok" : "FAIL"),-6}  {txns}").AppendLine();
        }
        foreach (FaultScenarioResult r in results)
        {
            foreach (string v in r.Violations)
            {
                b.Append(r.Name).Append(": ").AppendLine(v);
            }
        }
        return b.ToString();
    }

    /// <summary>One CSV row per scenario (transaction outcomes and counters are in the JSON; violations joined by '; ').</summary>
    public static string ToCsv(IReadOnlyList<FaultScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        CultureInfo ci = CultureInfo.InvariantCulture;
        var b = new StringBuilder("scenario,arrived,completed,departed,lost,max_runnable_wait_ms,runnable_timeout_ms,watchdog_fired,watchdog_expected,passed,violations\n");
        foreach (FaultScenarioResult r in results)
        {
            b.Append(ci, $"{AlpsGhost.Runs.Reporting.CsvText.Field(r.Name)},{r.Arrived},{r.Completed},{r.Departed},{r.Lost},{AlpsGhost.Runs.Reporting.CsvText.Number(r.MaxRunnableWaitMs)},{r.RunnableTimeoutMs},")
                .Append(ci, $"{(r.WatchdogFired ? "true" : "false")},{(r.WatchdogExpected ? "true" : "false")},{(r.Passed ? "true" : "false")},{AlpsGhost.Runs.Reporting.CsvText.Field(string.Join("; ", r.Violations))}\n");
        }
        return b.ToString();
    }

    /// <summary>The results as JSON (an array of scenarios with their counters and violations).</summary>
    public static string ToJson(IReadOnlyList<FaultScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("scenarios");
            foreach (FaultScenarioResult r in results)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("description", r.Description);
                w.WriteNumber("arrived", r.Arrived);
                w.WriteNumber("completed", r.Completed);
                w.WriteNumber("departed", r.Departed);
                w.WriteNumber("lost", r.Lost);
                w.WriteNumber("max_runnable_wait_ms", Math.Round(r.MaxRunnableWaitMs, 3));
                w.WriteNumber("runnable_timeout_ms", r.RunnableTimeoutMs);
                w.WriteBoolean("watchdog_fired", r.WatchdogFired);
                w.WriteBoolean("watchdog_expected", r.WatchdogExpected);
                w.WriteBoolean("passed", r.Passed);
                WriteMap(w, "txn_outcomes", r.TxnOutcomes);
                WriteMap(w, "counters", r.Counters);
                w.WriteStartArray("violations");
                foreach (string v in r.Violations)
                {
                    w.WriteStringValue(v);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, long>> map)
    {
        w.WriteStartObject(name);
        foreach (KeyValuePair<string, long> kv in map)
        {
            w.WriteNumber(kv.Key, kv.Value);
        }
        w.WriteEndObject();
    }
}
