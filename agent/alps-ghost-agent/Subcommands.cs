using System.CommandLine;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Cli.Grammar;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Ghost.Native;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Cli;

/// <summary>The subcommands beside the agent run: <c>learn</c> (offline what-if) and <c>abi</c> (layout table).</summary>
internal static class Subcommands
{
    /// <summary><c>learn --window FILE --utilization U [--srpt-mode reference|multi] [--ml avg|lr|forest] [--cpus N] [--output table|json|csv]</c>.</summary>
    public static Command Learn(TextWriter output, TextWriter errors, CancellationToken cancel = default)
    {
        var window = new Option<FileInfo>("--window") { Description = "Window file of invocation records (CSV or JSON; see agent/AlpsGhost.Agent/Learning/README.md).", Required = true };
        var utilization = new Option<double>("--utilization") { Description = "Enclave CPU utilization U for the overload tuning, a fraction in [0, 1] (0.9 is 90 %), as everywhere else.", Required = true };
        utilization.Validators.Add(r => CliOptions.Check(r, "--utilization", t => !CliOptions.TryNumber(t, out double u) || u is >= 0 and <= 1,
            "a fraction in [0, 1] (0.9 is 90 %)"));
        var mode = new Option<string>("--srpt-mode", "--mode") { Description = "SRPT simulation: 'reference' (one CPU, 1/24 sample, last 100 jobs) or 'multi' (--cpus CPUs, whole window); --mode is the older spelling.", DefaultValueFactory = _ => "reference" };
        mode.AcceptOnlyFromAmong("reference", "multi");
        var ml = new Option<string>("--ml") { Description = "Trainer: avg, lr or forest.", DefaultValueFactory = _ => "avg" };
        ml.AcceptOnlyFromAmong("avg", "lr", "forest");
        var cpus = CliOptions.Cpus("CPUs simulated in multi mode.", 1);
        var format = CliOptions.Output(CliOptions.Table, CliOptions.Json, CliOptions.Csv);
        var json = CliOptions.JsonAlias();
        var command = new Command("learn", "Run one ALPS learning round offline over a window file and print, per function, the segments summary, basis, rank and slice (what-if analysis).")
        {
            window, utilization, mode, ml, cpus, format, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                if (cancel.IsCancellationRequested)
                {
                    errors.WriteLine("alps-ghost-agent learn: cancelled (SIGINT) before the round finished: nothing to report");
                    return ExitCodes.Cancelled;
                }
                OfflineResult result = OfflineLearning.Run(
                    parse.GetValue(window)!.FullName,
                    parse.GetValue(utilization) * 100,
                    parse.GetValue(mode) == "multi" ? SimulationMode.Multi : SimulationMode.Reference,
                    parse.GetValue(ml)!,
                    parse.GetValue(cpus));
                // One round is not interruptible inside; a SIGINT during it still means the caller wanted out.
                if (cancel.IsCancellationRequested)
                {
                    errors.WriteLine("alps-ghost-agent learn: cancelled (SIGINT) before the round finished: nothing to report");
                    return ExitCodes.Cancelled;
                }
                output.Write(CliOptions.Format(parse, format, json) switch
                {
                    CliOptions.Json => result.ToJson(),
                    CliOptions.Csv => LearnCsv(result),
                    _ => LearnTable(result),
                });
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is WindowFileException or ArgumentException or LearningException)
            {
                errors.WriteLine("alps-ghost-agent learn: " + e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary><c>abi --abi-version 84|91 [--output table|json|csv]</c>: the ABI struct layouts and constants this build speaks.</summary>
    public static Command Abi(TextWriter output, TextWriter errors)
    {
        // Not --version: that is the program's own version option.
        var version = new Option<int>("--abi-version") { Description = "ABI version: 84 or 91 (90 shares 91's layouts).", DefaultValueFactory = _ => 91 };
        var format = CliOptions.Output(CliOptions.Table, CliOptions.Json, CliOptions.Csv);
        format.Description = "'table' prints a summary line; 'json' the whole table (struct, field and constant names as in the kernel's uapi header); 'csv' one row per struct field and constant.";
        var json = CliOptions.JsonAlias();
        var command = new Command("abi", "Print the ghOSt ABI layout table (struct sizes, field offsets, constants) this build was compiled with, and check it against the native shim.")
        {
            version, format, json,
        };
        command.SetAction(parse =>
        {
            int v = parse.GetValue(version);
            if (v == 90)
            {
                v = 91;
            }
            if (v is not (84 or 91))
            {
                errors.WriteLine($"alps-ghost-agent abi: --abi-version {parse.GetValue(version)} is not supported: expected 84, 90 or 91");
                return ExitCodes.Usage;
            }
            AbiDescription description = AbiLayout.Describe(v);
            string chosen = CliOptions.Format(parse, format, json);
            if (chosen == CliOptions.Json)
            {
                output.Write(AbiTable.ToJson(description));
                output.WriteLine();
            }
            else if (chosen == CliOptions.Csv)
            {
                output.Write(AbiCsv(description));
            }
            else
            {
                output.WriteLine($"ghOSt ABI {v}: {description.Structs.Count} structs, {description.Constants.Count} constants (use --output json for the table)");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    // kind,struct,name,offset,size,value: a field row has offset and size, a struct row its size, a constant its value.
    private static string AbiCsv(AbiDescription description)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder("kind,struct,name,offset,size,value\n");
        foreach (AbiStruct s in description.Structs)
        {
            text.Append(ci, $"struct,{s.Name},,,{s.Size},\n");
            foreach (AbiField f in s.Fields)
            {
                text.Append(ci, $"field,{s.Name},{f.Name},{f.Offset},{f.Size},\n");
            }
        }
        foreach (AbiConstant c in description.Constants)
        {
            text.Append(ci, $"constant,,{c.Name},,,{c.Value}\n");
        }
        return text.ToString();
    }

    private static string LearnCsv(OfflineResult result)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder("function,invocations,segments,seg_mean,seg_std,seg_min,seg_max,rank,slice_ms\n");
        foreach (OfflineFunctionResult f in result.Functions)
        {
            text.Append(ci, $"{f.FunctionId},{f.Invocations},{f.Segments.Count},{CsvText.Number(f.Segments.Mean)},{CsvText.Number(f.Segments.Std)},{f.Segments.Min},{f.Segments.Max},{f.Rank},{CsvText.Number(f.SliceMs)}\n");
        }
        return text.ToString();
    }

    private static string LearnTable(OfflineResult result)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Format(ci, "{0}: {1} records, U = {2}%, learned in {3:F1} ms", result.WindowPath, result.Records, result.UtilizationPercent, result.Elapsed.TotalMilliseconds));
        text.AppendLine(string.Format(ci, "{0,9} {1,11} {2,9} {3,10} {4,10} {5,7} {6,7} {7,6} {8,9}",
            "function", "invocations", "segments", "seg mean", "seg std", "seg min", "seg max", "rank", "slice ms"));
        foreach (OfflineFunctionResult f in result.Functions)
        {
            text.AppendLine(string.Format(ci, "{0,9} {1,11} {2,9} {3,10:F2} {4,10:F2} {5,7} {6,7} {7,6} {8,9}",
                f.FunctionId, f.Invocations, f.Segments.Count, f.Segments.Mean, f.Segments.Std, f.Segments.Min, f.Segments.Max, f.Rank, f.SliceMs));
        }
        return text.ToString();
    }
}
