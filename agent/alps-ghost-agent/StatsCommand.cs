using System.CommandLine;
using System.Net.Sockets;
using AlpsGhost.Cli.Grammar;
using AlpsGhost.Cli.Reporting;
using AlpsGhost.Config;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Service.Stats;

namespace AlpsGhost.Cli;

/// <summary><c>stats [--socket PATH | --config FILE] [--interval SEC] [--output prometheus|table|json|csv]</c>: prints the
/// running agent's stats snapshot (Prometheus text as read, or its samples as a table, JSON or CSV).</summary>
internal static class StatsCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Longest <c>--interval</c>: a day.</summary>
    public const double MaxIntervalS = 86_400;

    public static Command Build(TextWriter output, TextWriter errors, CancellationToken cancel = default)
    {
        var socket = new Option<string?>("--socket") { Description = "The agent's stats socket (stats.socket_path of its config)." };
        var config = new Option<FileInfo?>("--config") { Description = "Read the socket path from this config file's stats.socket_path (when --socket is not given)." };
        var interval = new Option<double?>("--interval") { Description = $"Print a snapshot every SEC seconds (0 < SEC <= {MaxIntervalS:0}) until Ctrl+C, each after a '# at <UTC time>' line, like sched_ext's --monitor. Default: one snapshot." };
        interval.Validators.Add(r => CliOptions.Check(r, "--interval", t => !CliOptions.TryNumber(t, out double s) || (s > 0 && s <= MaxIntervalS), $"a number of seconds in (0, {MaxIntervalS:0}]"));
        var format = CliOptions.Output(CliOptions.Prometheus, CliOptions.Table, CliOptions.Json, CliOptions.Csv);
        format.Description = "'prometheus' prints the agent's text as read; 'table' one aligned row per sample (metric, labels, value); 'json' one object per snapshot, on one line; 'csv' at,metric,labels,value rows under one header.";
        var command = new Command("stats", "Print the running agent's statistics (Prometheus text format, or --output table|json|csv) read from its stats socket. Exit 1 if no agent answers; with --interval, Ctrl+C ends the monitor with exit 0.")
        {
            socket, config, interval, format,
        };
        command.SetAction(parse =>
        {
            string? path = parse.GetValue(socket);
            if (path is null)
            {
                try
                {
                    path = EnclaveConfigLoader.Load(parse.GetValue(config)?.FullName, new ConfigOverrides()).Stats.SocketPath;
                }
                catch (ConfigException e)
                {
                    errors.WriteLine("alps-ghost-agent stats: invalid configuration:");
                    errors.WriteLine(e.Message);
                    return ExitCodes.Usage;
                }
                if (path is null)
                {
                    errors.WriteLine("alps-ghost-agent stats: no stats socket: pass --socket PATH, or --config FILE whose stats.socket_path is set (the default config has none)");
                    return ExitCodes.Usage;
                }
            }
            string chosen = parse.GetValue(format)!;
            if (chosen == CliOptions.Csv)
            {
                output.Write(StatsText.CsvHeader); // once, so a monitor's rows stay one table
            }
            if (parse.GetValue(interval) is not double seconds)
            {
                return Print(path, output, errors, chosen);
            }
            // Monitor mode: Ctrl+C is its normal end, so it exits 0 (the last snapshot printed is complete).
            while (!cancel.IsCancellationRequested)
            {
                if (chosen is CliOptions.Prometheus or CliOptions.Table)
                {
                    // JSON and CSV carry the time in every object / row.
                    output.WriteLine("# at " + DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
                }
                int rc = Print(path, output, errors, chosen);
                if (rc != ExitCodes.Ok)
                {
                    return rc;
                }
                output.Flush();
                cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(seconds));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads and prints one snapshot from <paramref name="path"/> in <paramref name="format"/> (a
    /// <c>--output</c> value; CSV rows without their header).</summary>
    public static int Print(string path, TextWriter output, TextWriter errors, string format = CliOptions.Prometheus)
    {
        if (!UnixSocketPath.IsValid(path))
        {
            errors.WriteLine($"alps-ghost-agent stats: --socket '{Shorten(path)}': expected {UnixSocketPath.Expected}");
            return ExitCodes.Usage;
        }
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            string text = StatsSocketServer.ReadAsync(path, cts.Token).GetAwaiter().GetResult();
            DateTime at = DateTime.UtcNow;
            output.Write(format switch
            {
                CliOptions.Table => StatsText.Table(StatsText.Parse(text)),
                CliOptions.Json => StatsText.Json(at, StatsText.Parse(text)),
                CliOptions.Csv => StatsText.CsvRows(at, StatsText.Parse(text)),
                _ => text,
            });
            return ExitCodes.Ok;
        }
        catch (SocketException e)
        {
            // ENOENT surfaces as "address not available": say what it means instead.
            string why = File.Exists(path) ? $"nothing listens on it ({e.SocketErrorCode})" : "it does not exist";
            errors.WriteLine($"alps-ghost-agent stats: no agent is running with stats socket {path}: {why}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            errors.WriteLine($"alps-ghost-agent stats: the agent at {path} did not answer within {Timeout.TotalSeconds:0} s");
            return ExitCodes.Failure;
        }
        catch (InvalidDataException e)
        {
            errors.WriteLine("alps-ghost-agent stats: " + e.Message);
            return ExitCodes.Failure;
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
