using System.CommandLine;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Cli;

/// <summary>The subcommands beside the agent run: <c>learn</c> (offline what-if) and <c>abi</c> (layout table).</summary>
internal static class Subcommands
{
    /// <summary><c>learn --window FILE --utilization U [--mode reference|multi] [--ml avg|lr|forest] [--cpus N] [--json]</c>.</summary>
    public static Command Learn(TextWriter output, TextWriter errors)
    {
        var window = new Option<FileInfo>("--window") { Description = "Window file of invocation records (CSV or JSON; see agent/AlpsGhost.Agent/Learning/README.md).", Required = true };
        var utilization = new Option<double>("--utilization") { Description = "Enclave CPU utilization U in percent (0..100) for the overload tuning.", Required = true };
        var mode = new Option<string>("--mode") { Description = "SRPT simulation: 'reference' (one CPU, 1/24 sample, last 100 jobs) or 'multi' (--cpus CPUs, whole window).", DefaultValueFactory = _ => "reference" };
        mode.AcceptOnlyFromAmong("reference", "multi");
        var ml = new Option<string>("--ml") { Description = "Trainer: avg, lr or forest.", DefaultValueFactory = _ => "avg" };
        ml.AcceptOnlyFromAmong("avg", "lr", "forest");
        var cpus = new Option<int>("--cpus") { Description = "CPUs simulated in multi mode.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("learn", "Run one ALPS learning round offline over a window file and print, per function, the segments summary, basis, rank and slice (what-if analysis).")
        {
            window, utilization, mode, ml, cpus, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                OfflineResult result = OfflineLearning.Run(
                    parse.GetValue(window)!.FullName,
                    parse.GetValue(utilization),
                    parse.GetValue(mode) == "multi" ? SimulationMode.Multi : SimulationMode.Reference,
                    parse.GetValue(ml)!,
                    Math.Max(1, parse.GetValue(cpus)));
                output.Write(parse.GetValue(json) ? result.ToJson() : LearnTable(result));
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

    /// <summary><c>abi --version 84|91 [--json]</c>: the ABI struct layouts and constants this build speaks.</summary>
    public static Command Abi(TextWriter output, TextWriter errors)
    {
        var version = new Option<int>("--version") { Description = "ABI version: 84 or 91 (90 shares 91's layouts).", DefaultValueFactory = _ => 91 };
        var json = new Option<bool>("--json") { Description = "Print the table as JSON (struct, field and constant names as in the kernel's uapi header)." };
        var command = new Command("abi", "Print the ghOSt ABI layout table (struct sizes, field offsets, constants) this build was compiled with, and check it against the native shim.")
        {
            version, json,
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
                errors.WriteLine($"alps-ghost-agent abi: --version {parse.GetValue(version)} is not supported: expected 84, 90 or 91");
                return ExitCodes.Usage;
            }
            AbiDescription description = AbiLayout.Describe(v);
            if (parse.GetValue(json))
            {
                output.Write(AbiTable.ToJson(description));
                output.WriteLine();
            }
            else
            {
                output.WriteLine($"ghOSt ABI {v}: {description.Structs.Count} structs, {description.Constants.Count} constants (use --json for the table)");
            }
            return ExitCodes.Ok;
        });
        return command;
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
