using System.CommandLine;
using AlpsGhost.Cli.Grammar;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Kernel;
using AlpsGhost.Linux;
using AlpsGhost.Runs;

namespace AlpsGhost.Cli;

/// <summary>The <c>alps-ghost-agent</c> command line: options, configuration, and dispatch to a run.</summary>
/// <remarks>Settings come from <c>enclave-config/all.json</c> (or <c>--config FILE</c>); a flag given on the
/// command line overrides the file, a flag left out does not.</remarks>
internal static class AgentCommandLine
{
    public static RootCommand Build(TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken cancel = default)
    {
        TextWriter output = stdout ?? Console.Out;
        TextWriter errors = stderr ?? Console.Error;

        var config = new Option<FileInfo?>("--config") { Description = "Enclave configuration file (JSON; schema enclave-config/enclave-config.schema.json). Default: the built-in all.json." };
        var enclave = new Option<string?>("--ghost-cpus", "--enclave") { Description = "CPUs of the enclave: 'all' (every online CPU) or a cpulist such as 0-3,5 (ghost-userspace's --ghost_cpus; --enclave is the older spelling). Default: the config's cpus ('all')." };
        var globalCpu = new Option<string?>("--globalcpu", "--global-cpu") { Description = "--kernel ghost: the global agent's CPU: 'first' (the enclave's first CPU) or a CPU of the enclave (ghost-userspace's --globalcpu). Default: the config's agent.global_cpu." };
        var enclaveDir = new Option<DirectoryInfo?>("--enclave-dir") { Description = "--kernel ghost: attach to this existing enclave (e.g. /sys/fs/ghost/enclave_1) instead of creating one; it is left in place on exit. Its CPUs are the enclave's own." };
        var kernel = new Option<string>("--kernel")
        {
            Description = "'ghost' attaches to the real ghOSt kernel; 'sim' runs --workload on the simulated ghOSt kernel; 'linux' schedules function processes on this stock Linux kernel with sched_setattr (SCHED_FIFO bands, then fair; root; docs/linux-backend.md).",
            DefaultValueFactory = _ => "ghost",
        };
        kernel.AcceptOnlyFromAmong("ghost", "sim", "linux");
        var policy = new Option<string?>("--policy") { Description = "'alps' (learned rank, slice and service curve per function; ordered by the curve's Gittins index unless policy.alps.order is 'rank'), 'fifo' (ghOSt centralized FIFO), 'cfs' (no agent: the kernel's fair class runs everything), 'sfs' (SFS, SC'22: FIFO with a credit, then fair), 'srpt' (oracle shortest remaining time first, the clairvoyant bound; --kernel sim, or --kernel linux with ALPS_ORACLE_CPU_NS in each task's environment), 'gittins-oracle' (the Gittins order over each function's true demand distribution, the non-clairvoyant bound; --kernel sim only), 'gittins-oracle-seen' (the same knowledge of a function only once one of its invocations has completed: the bound on what learning from completions can reach; --kernel sim only), or 'alps-io' (alps for mixed I/O and CPU functions: round robin within a rank, optional preemption guard, docs/alps-io.md). Default: the config's (alps)." };
        policy.AcceptOnlyFromAmong(PolicyNames.All);
        var workload = new Option<FileInfo?>("--workload") { Description = "Workload file (JSON, see docs/workload-format.md) for --kernel sim." };
        var cpus = CliOptions.Cpus("Number of CPUs of the simulated machine (--kernel sim).", 2);
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the workload generator and the simulated kernel: the same seed gives byte-identical output.",
            DefaultValueFactory = _ => 1,
        };
        var outputFormat = CliOptions.Output(CliOptions.Table, CliOptions.Json, CliOptions.Csv);
        var logLevel = CliOptions.LogLevel();
        var agentMode = new Option<string?>("--agent-mode") { Description = "'spinning': the global agent owns its CPU (ghOSt's centralized model); 'queue-wakeup': it sleeps until messages arrive or a deadline passes, so its CPU runs enclave tasks; 'adaptive': it polls for a short spin budget after work, then sleeps. Default: the config's (queue-wakeup, measured best: docs/alps-evaluation.md)." };
        agentMode.AcceptOnlyFromAmong([.. AgentModes.Names]);
        var utilization = CliOptions.Utilization("Override the workload's target CPU utilization.");
        var learning = new Option<string?>("--learning") { Description = "alps: 'on' learns ranks and slices from what functions do; 'off' uses the static table (config or workload file). Default: the config's (on)." };
        learning.AcceptOnlyFromAmong("on", "off");
        var ml = new Option<string?>("--ml") { Description = "alps learner's trainer: 'avg' (mean segment), 'lr' (linear trend), 'forest' (tree ensemble, Microsoft.ML). Default: the config's (avg)." };
        ml.AcceptOnlyFromAmong("avg", "lr", "forest");
        var learningMode = new Option<string?>("--srpt-mode") { Description = "alps learner's SRPT simulation: 'reference' (one CPU over a 1/24 sample, last 100 jobs, as the original) or 'multi' (every enclave CPU over the whole window)." };
        learningMode.AcceptOnlyFromAmong("reference", "multi");
        var window = new Option<double?>("--window-s") { Description = "alps learner's sliding window in seconds (default 60)." };
        var period = new Option<double?>("--period-s") { Description = "Seconds between learning rounds (default: the config's)." };
        var taskPids = new Option<int[]>("--task-pid") { Description = "--kernel ghost: move every thread of this process into the enclave (repeatable).", AllowMultipleArgumentsPerToken = true };
        var taskCgroups = new Option<string[]>("--task-cgroup") { Description = "--kernel ghost: move every thread of this cgroup v2 directory into the enclave, and new ones as they appear (repeatable).", AllowMultipleArgumentsPerToken = true };
        var fairClass = new Option<string>("--fair-class")
        {
            Description = "--kernel sim: the fair-class model, '" + FairClassNames.Cfs511 + "' (Linux 5.11 CFS, the ghOSt host) or '" + FairClassNames.Eevdf + "' (Linux 6.6+ EEVDF, a stock host); docs/simulator.md.",
            DefaultValueFactory = _ => FairClassNames.Cfs511,
        };
        var costs = new Option<FileInfo?>("--costs") { Description = "--kernel sim: host cost profile (JSON, written by `alps-bench calibrate --costs-out`) whose measured costs replace the defaults they cover." };
        var linuxTick = new Option<int>("--linux-tick-ms")
        {
            Description = "--kernel linux: milliseconds between reads of raised tasks' CPU time (slice ends, band changes, starvation bound), 1..100.",
            DefaultValueFactory = _ => LinuxAgentOptions.DefaultTickMs,
        };
        var host = new Option<string>("--host")
        {
            Description = "--kernel sim: the host modelled: 'ghost' (default: the ghOSt agent over an enclave) or 'linux' (the stock-Linux backend of --kernel linux: SCHED_FIFO bands, slices on a tick, the weighted fair tier, process starts; docs/linux-backend.md).",
            DefaultValueFactory = _ => RunRequest.GhostHost,
        };
        host.AcceptOnlyFromAmong(RunRequest.GhostHost, RunRequest.LinuxHost);
        var linuxFairTier = new Option<string>("--linux-fair-tier")
        {
            Description = "--kernel linux, alps/alps-io with the Gittins order: how a task out of its band (slice used) shares the fair class: 'order' (default) = its nice follows its Gittins index (weight proportional to 1/index), 'equal' = nice 0 for all.",
            DefaultValueFactory = _ => "order",
        };
        linuxFairTier.AcceptOnlyFromAmong("order", "equal");
        var runnableTimeout = new Option<long?>("--runnable-timeout-ms") { Description = "ghOSt's runnable_timeout watchdog: destroy the enclave (tasks return to the fair class) if a runnable task waits longer; 0 = off, else 100..86400000 and more than twice the longest slice (the config file's rule). Default: the config's (5000)." };

        var root = new RootCommand(
            "alps-ghost-agent: a centralized ghOSt agent that schedules FaaS functions by learned rank and time slice (ALPS).\n" +
            "Exit codes: 0 ok, 1 failure, 2 bad input (the message names the file, field and value), 10 no ghOSt kernel, 11 ghostfs not mounted, 12 ABI not supported, 13 not root / no CAP_SYS_NICE, 14 enclave busy, 15 ABI self-check failed, 16 native shim missing, 17 bad ghostfs content (docs/ghost-host.md).")
        {
            config, enclave, globalCpu, enclaveDir, kernel, policy, workload, cpus, seed, outputFormat, logLevel, agentMode, utilization, learning, ml, learningMode, window, period, runnableTimeout, taskPids, taskCgroups, fairClass, costs, host, linuxTick, linuxFairTier,
        };
        root.Add(Subcommands.Learn(output, errors, cancel));
        root.Add(Subcommands.Abi(output, errors));
        root.Add(Faults.FaultsCommand.Create(output, errors));
        root.Add(StatsCommand.Build(output, errors, cancel));
        var watchdog = new Command(LinuxKernelRun.WatchdogCommand, "Internal: the --kernel linux watchdog (started by the agent).") { Hidden = true };
        watchdog.SetAction(_ => LinuxKernelRun.RunWatchdog());
        root.Add(watchdog);
        root.SetAction(parse =>
        {
            var overrides = new ConfigOverrides
            {
                Cpus = parse.GetValue(enclave),
                Policy = parse.GetValue(policy),
                AgentMode = parse.GetValue(agentMode),
                Learning = parse.GetValue(learning) is { } l ? l == "on" : null,
                Trainer = parse.GetValue(ml),
                LearningMode = parse.GetValue(learningMode),
                WindowS = parse.GetValue(window),
                PeriodS = parse.GetValue(period),
                GlobalCpu = parse.GetValue(globalCpu),
                RunnableTimeoutMs = parse.GetValue(runnableTimeout),
            };
            EnclaveConfig effective;
            try
            {
                effective = EnclaveConfigLoader.Load(parse.GetValue(config)?.FullName, overrides);
            }
            catch (ConfigException e)
            {
                ConfigErrors.Write(errors, "alps-ghost-agent", e);
                return ExitCodes.Usage;
            }
            if (LearnerSettings.TrainerUnavailable(effective, AlpsGhost.Agent.Learning.Trainers.Unavailable) is string noTrainer)
            {
                errors.WriteLine("alps-ghost-agent: " + noTrainer);
                return ExitCodes.Usage;
            }
            if (!FairClassNames.TryParse(parse.GetValue(fairClass), out FairClassModel fairModel))
            {
                errors.WriteLine($"alps-ghost-agent: --fair-class '{parse.GetValue(fairClass)}' is not valid: expected {string.Join(" or ", FairClassNames.All)}");
                return ExitCodes.Usage;
            }
            HostCostProfile? hostCosts = null;
            if (parse.GetValue(costs) is FileInfo costsFile)
            {
                try
                {
                    hostCosts = HostCostProfile.Load(costsFile.FullName);
                }
                catch (HostCostProfileException e)
                {
                    errors.WriteLine("alps-ghost-agent: --costs: " + e.Message);
                    return ExitCodes.Usage;
                }
            }
            var request = new RunRequest(
                Config: effective,
                Kernel: parse.GetValue(kernel)!,
                Workload: parse.GetValue(workload),
                Cpus: parse.GetValue(cpus),
                Seed: parse.GetValue(seed),
                Utilization: parse.GetValue(utilization),
                TaskPids: parse.GetValue(taskPids) ?? [],
                TaskCgroups: parse.GetValue(taskCgroups) ?? [],
                EnclaveDir: parse.GetValue(enclaveDir)?.FullName,
                Log: LogFilter.For(parse.GetValue(logLevel)!, errors),
                FairClass: fairModel,
                HostCosts: hostCosts,
                Host: parse.GetValue(host)!,
                LinuxTickMs: parse.GetValue(linuxTick),
                LinuxFairTier: parse.GetValue(linuxFairTier) == "equal" ? FairTierMode.Equal : FairTierMode.Order);
            return request.Kernel switch
            {
                "sim" => SimulationCommand.Execute(request, parse.GetValue(outputFormat)!, output, errors, cancel),
                "linux" => LinuxKernelRun.Execute(request, output, errors),
                _ => GhostKernelRun.Execute(request, output, errors),
            };
        });
        return root;
    }

    /// <summary>Runs <c>alps-ghost-agent args</c> with the shared grammar (one-line parse errors, exit 2).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors, CancellationToken cancel = default) =>
        CliRunner.Run(Build(output, errors, cancel), args, output, errors, "alps-ghost-agent");
}
