using AlpsGhost.Cli.Grammar;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Kernel;
using AlpsGhost.Runs;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Workloads;

namespace AlpsGhost.Cli;

/// <summary><c>--kernel sim</c>: checks the command line's simulation inputs, runs them with
/// <see cref="SimulationRun"/> and prints the report.</summary>
internal static class SimulationCommand
{
    /// <summary>Runs the request's workload and prints the report in <paramref name="format"/> (table, json or csv).</summary>
    /// <returns>0, 2 for bad input, or 130 when <paramref name="cancel"/> stopped the run (the report then says it is partial).</returns>
    public static int Execute(RunRequest request, string format, TextWriter output, TextWriter errors, CancellationToken cancel = default)
    {
        if (request.Workload is null)
        {
            errors.WriteLine("alps-ghost-agent: --kernel sim needs --workload FILE (for example bench/workloads/fib-groups.json)");
            return ExitCodes.Usage;
        }
        if (request.Cpus is < 1 or > CliOptions.MaxCpus)
        {
            errors.WriteLine($"alps-ghost-agent: --cpus {request.Cpus} is not valid: expected 1..{CliOptions.MaxCpus}");
            return ExitCodes.Usage;
        }
        if (SimulationRun.EnclaveCpus(request.Config, request.Cpus, out string? cpuError) is var cpus && cpuError is not null)
        {
            errors.WriteLine("alps-ghost-agent: " + cpuError);
            return ExitCodes.Usage;
        }
        if (request.Host == RunRequest.LinuxHost && request.LinuxBackendRefusal is string refusal)
        {
            errors.WriteLine("alps-ghost-agent: " + refusal);
            return ExitCodes.Usage;
        }
        if (request.Policy != PolicyNames.Cfs && request.AgentMode == AgentMode.Spinning && (cpus?.Length ?? request.Cpus) < 2)
        {
            errors.WriteLine("alps-ghost-agent: a spinning global agent needs an enclave of at least 2 CPUs (it owns one); use --agent-mode queue-wakeup or more --cpus");
            return ExitCodes.Usage;
        }
        // The ghOSt host streams the invocations (memory follows the live tasks, not the trace); the Linux twin
        // shifts every arrival by its process start and replays the materialised list.
        Func<RunReport> run;
        try
        {
            var overrides = new WorkloadOverrides
            {
                CpuCount = request.Cpus,
                Seed = request.Seed,
                Utilization = request.Utilization,
            };
            if (request.Host == RunRequest.LinuxHost)
            {
                Workload workload = WorkloadFile.Load(request.Workload.FullName, overrides);
                run = () => SimulationRun.Run(workload, request, errors, cancel);
            }
            else
            {
                StreamedWorkload workload = WorkloadFile.LoadStreamed(request.Workload.FullName, overrides);
                run = () => SimulationRun.Run(workload, request, errors, cancel);
            }
        }
        catch (WorkloadFileException e)
        {
            errors.WriteLine("alps-ghost-agent: " + e.Message);
            return ExitCodes.Usage;
        }

        RunReport report;
        try
        {
            report = run();
        }
        catch (SimulationLimitException e)
        {
            errors.WriteLine("alps-ghost-agent: " + e.Message);
            return ExitCodes.Usage;
        }
        switch (format)
        {
            case CliOptions.Json:
                output.Write(report.ToJson());
                break;
            case CliOptions.Csv:
                output.Write(report.ToCsv());
                break;
            default:
                report.WriteTable(output);
                break;
        }
        if (report.Partial)
        {
            errors.WriteLine($"alps-ghost-agent: cancelled (SIGINT) after {report.SpanNs / 1e9:F2} simulated s: the report is partial");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Ok;
    }
}
