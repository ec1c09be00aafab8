using System.CommandLine;
using System.Net.Sockets;
using AlpsGhost.Config;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Service.Stats;

namespace AlpsGhost.Cli;

/// <summary><c>stats [--socket PATH | --config FILE]</c>: prints the running agent's stats snapshot (Prometheus text).</summary>
internal static class StatsCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Build(TextWriter output, TextWriter errors)
    {
        var socket = new Option<string?>("--socket") { Description = "The agent's stats socket (stats.socket_path of its config)." };
        var config = new Option<FileInfo?>("--config") { Description = "Read the socket path from this config file's stats.socket_path (when --socket is not given)." };
        var command = new Command("stats", "Print the running agent's statistics (Prometheus text format) read from its stats socket. Exit 1 if no agent answers.")
        {
            socket, config,
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
            return Print(path, output, errors);
        });
        return command;
    }

    /// <summary>Reads and prints one snapshot from <paramref name="path"/>.</summary>
    public static int Print(string path, TextWriter output, TextWriter errors)
    {
        if (!UnixSocketPath.IsValid(path))
        {
            errors.WriteLine($"alps-ghost-agent stats: --socket '{Shorten(path)}': expected {UnixSocketPath.Expected}");
            return ExitCodes.Usage;
        }
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            output.Write(StatsSocketServer.ReadAsync(path, cts.Token).GetAwaiter().GetResult());
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
