using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Config;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Linux;
using AlpsGhost.Linux.Native;
using AlpsGhost.Service.Hosting;
using AlpsGhost.Service.Stats;
using Microsoft.Extensions.Hosting;

namespace AlpsGhost.Runs;

/// <summary>
/// <c>--kernel linux</c>: the agent on an unmodified Linux kernel (docs/linux-backend.md). Function tasks found
/// through process events are raised to SCHED_FIFO bands and returned to the fair class per the policy; finished
/// invocations feed the same learner as on ghOSt; the registration socket, stats socket and Prometheus endpoint
/// are hosted exactly as on ghOSt. A watchdog process returns raised tasks to SCHED_OTHER if the agent dies.
/// </summary>
public static class LinuxKernelRun
{
    /// <summary>The hidden subcommand that runs the watchdog.</summary>
    public const string WatchdogCommand = "linux-watchdog";

    /// <summary>Runs the agent on this stock-Linux host until SIGINT/SIGTERM; messages go to <paramref name="output"/>, errors to <paramref name="errors"/>.</summary>
    /// <returns>An exit code (<see cref="AlpsGhost.Ghost.Host.ExitCodes"/>).</returns>
    public static int Execute(RunRequest request, TextWriter output, TextWriter errors)
    {
        // Refused before anything about this machine is checked: the answer is the same on any host.
        if (request.LinuxBackendRefusal is string refusal)
        {
            errors.WriteLine("alps-ghost-agent: " + refusal);
            return ExitCodes.Usage;
        }
        if (!LinuxNative.Supported)
        {
            errors.WriteLine("alps-ghost-agent: --kernel linux needs x86_64 Linux (it calls sched_setattr by syscall number)");
            return ExitCodes.Failure;
        }
        if (request.Policy == PolicyNames.Cfs)
        {
            errors.WriteLine("alps-ghost-agent: --policy cfs means no agent; on a real host simply do not start one.");
            return ExitCodes.Usage;
        }
        if (request.LinuxTickMs is < LinuxAgentOptions.MinTickMs or > LinuxAgentOptions.MaxTickMs)
        {
            errors.WriteLine($"alps-ghost-agent: --linux-tick-ms {request.LinuxTickMs} is not valid: expected {LinuxAgentOptions.MinTickMs}..{LinuxAgentOptions.MaxTickMs}");
            return ExitCodes.Usage;
        }
        if (LinuxPrivileges.Missing() is string missing)
        {
            errors.WriteLine($"alps-ghost-agent: --kernel linux needs root or the capabilities CAP_SYS_NICE and CAP_NET_ADMIN; missing: {missing}");
            return ExitCodes.NotPrivileged;
        }
        if (!TieringWorkerGuard.Active)
        {
            // Returns only on failure: otherwise this process continues as itself with the runtime's tier-up worker kept alive.
            int errno = TieringWorkerGuard.ExecuteAgain();
            errors.WriteLine($"alps-ghost-agent: warning: could not start again with {TieringWorkerGuard.Variable}={TieringWorkerGuard.Value} (errno {errno}): the agent thread may have to create the runtime's tier-up worker, and wait up to a second for it while raised tasks hold every CPU");
        }
        try
        {
            return Run(request, output, errors);
        }
        catch (LinuxBackendException e)
        {
            errors.WriteLine("alps-ghost-agent: cannot run on this Linux kernel: " + e.Message);
            return e.IsPermission ? ExitCodes.NotPrivileged : ExitCodes.Failure;
        }
    }

    private static void LearnerThreadClass(TextWriter errors)
    {
        int error = SchedSetattrKernel.RaiseCurrentThread(PriorityBands.AgentPriority);
        if (error != 0)
        {
            errors.WriteLine($"agent: the learner thread could not be made SCHED_FIFO {PriorityBands.AgentPriority} (errno {error}): it stays fair, and a garbage collection it starts can stall the agent while raised tasks starve the fair class");
        }
    }

    private static int Run(RunRequest request, TextWriter output, TextWriter errors)
    {
        int tickMs = request.LinuxTickMs;
        EnclaveConfig config = request.Config;
        int cpus = Environment.ProcessorCount;
        bool learning = request.IsAlps && request.Learning;
        var identity = new FunctionIdentityWiring(config, learning ? null : config.Policy.Alps.Static.Select(s => s.Function));
        var publisher = new PolicyPublisher(learning || !request.IsAlps ? PolicySnapshot.Empty : StaticTable(config, identity));
        var completions = new CompletionHistograms(identity.Ids.MaxFunctions, (long)(config.Policy.Alps.Learning.WindowS * 1e9));
        ObservationQueue observations = learning ? new ObservationQueue(1 << 16, completions) : ObservationQueue.CompletionsOnly(completions);
        LinuxPlacement placement = PlacementFor(request, publisher, cpus);

        using WatchdogJournal journal = WatchdogJournal.Start(WatchdogFileName(), WatchdogArguments(), TimeSpan.FromSeconds(30), m => errors.WriteLine("agent: " + m));
        var enforcer = new LinuxEnforcer(placement, new SchedSetattrKernel(), new SchedstatCpuSource(), journal,
            config.Policy.Alps.StarvationLimitMs * 1_000_000L, observations: observations, log: m => errors.WriteLine("agent: " + m));

        using var stop = new CancellationTokenSource();
        using BackgroundLearner? learner = learning
            ? new BackgroundLearner(observations, publisher, LearnerSettings.From(config.Policy.Alps.Learning, cpus), m => errors.WriteLine(m))
            : null;
        var utilization = new ProcStatUtilization(Enumerable.Range(0, cpus).ToArray());
        // The learner runs above the bands too: it allocates, and a garbage collection it triggers stops every managed
        // thread, the agent's included, until it finishes. In the fair class, starved by raised tasks, it would hold
        // the agent still for up to the fair server's period (measured: discovery latency up to 229 ms, fib-short p99
        // 0.7 s). A round costs milliseconds of CPU per learning period.
        learner?.Start(LinuxAgent.NowNs, utilization.Sample, stop.Token, TimeSpan.FromSeconds(config.Policy.Alps.Learning.EffectivePeriodS),
            () => LearnerThreadClass(errors), TimeSpan.FromSeconds(config.Policy.Alps.Learning.EffectiveFirstRoundS));

        LinuxAgentCounters counters = enforcer.Counters;
        string policyName = request.Policy;
        var stats = new StatsPublisher(now => AgentStatsSnapshot.CaptureBackend(
            "tick", policyName, counters.Ticks, counters.Raised + counters.Remapped + counters.Demoted + counters.ReturnedAtStop,
            enforcer.TrackedCount, observations.Dropped, BackendCounters(counters), now, publisher.Current, identity.Ids.Names,
            learner is null ? null : new LearnerStats(learner.WindowSize, learner.LastLearningTime.TotalSeconds, learner.Rounds, learner.Failures), completions));
        // Every thread of this process stays above the bands (AgentThreads says why): re-checked when the thread pool
        // grows or shrinks, and once a second.
        var threads = new AgentThreads(new SchedSetattrKernel(), PriorityBands.AgentPriority);
        var agent = new LinuxAgent(enforcer, identity.Resolver, new LinuxAgentOptions
        {
            TickMs = tickMs,
            NeedsCgroupPath = config.Identity.Rules.Any(r => r.Match == IdentityMatchKind.Cgroup),
            ReadsDeclaredDemand = config.Policy.Name == PolicyName.Srpt,
        }, m => errors.WriteLine("agent: " + m), now =>
        {
            stats.OnRound(now);
            threads.Check(now);
        });

        void Attach()
        {
            agent.Start();
            output.WriteLine($"alps-ghost-agent: stock Linux, policy {policyName}, tick {tickMs} ms, band 1..{PriorityBands.BandTop}, fair tier {(placement.WeightsFairTier ? "weighted by order" : "equal")}, agent at SCHED_FIFO {PriorityBands.AgentPriority}, watchdog pid {journal.ProcessId}; {enforcer.RaisedCount} of {enforcer.TrackedCount} existing function tasks raised; startup syscalls={LinuxNative.Syscalls}; SIGINT/SIGTERM to stop");
            output.Flush();
            NotifyReady(); // after the start line, so a supervisor that saw READY=1 can read it
        }
        int code = ExitCodes.Ok;
        using (IHost host = AgentServiceHost.Build(config, identity.Registrations, () => stats.Current, Attach, () => { agent.Stop(); stop.Cancel(); }))
        {
            try
            {
                host.Run();
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
            {
                errors.WriteLine("alps-ghost-agent: " + e.Message);
                code = ExitCodes.Failure;
            }
        }
        agent.Stop();
        stop.Cancel();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        errors.WriteLine($"alps-ghost-agent: exit summary: cpu_ms={(long)cpu.TotalMilliseconds} syscalls={LinuxNative.Syscalls} raised={counters.Raised} demoted={counters.Demoted} returned_at_stop={counters.ReturnedAtStop} completed={counters.Completed} rt_refused={counters.RtRefused} resyncs={counters.Resyncs} discovery_us_mean={(counters.RaisedOnEvent == 0 ? 0 : counters.DiscoveryLatencySumNs / counters.RaisedOnEvent / 1000)} discovery_us_max={counters.DiscoveryLatencyMaxNs / 1000} event_delay_us_max={counters.EventDelayMaxNs / 1000} round_busy_us_max={counters.RoundBusyMaxNs / 1000} wake_late_us_max={counters.WakeLateMaxNs / 1000} agent_threads_raised={threads.Raised} agent_threads_refused={threads.Refused}");
        return agent.Failure is null ? code : ExitCodes.Failure;
    }

    /// <summary>The hidden <c>linux-watchdog</c> subcommand's body.</summary>
    public static int RunWatchdog() =>
        Watchdog.Run(Console.In, Console.Out, Console.Error, new SchedSetattrKernel());

    /// <summary>The backend's decisions for <paramref name="request"/>'s config, fair tier and tick (the real backend and its
    /// simulated twin build them here, so both decide alike).</summary>
    internal static LinuxPlacement PlacementFor(RunRequest request, PolicyPublisher publisher, int cpus)
    {
        AlpsConfig alps = request.Config.Policy.Alps;
        return new LinuxPlacement(KindOf(request.Config.Policy.Name), publisher, AgentFactory.AlpsOrderOf(request.Config), cpus,
            alps.UnknownFunctions.Mode == UnknownFunctionMode.Fair ? null : alps.UnknownFunctions.Rank,
            alps.Learning.MaxSliceMs * 1_000_000L, request.LinuxFairTier, request.LinuxTickMs * 1_000_000L);
    }

    internal static LinuxPolicyKind KindOf(PolicyName name) => name switch
    {
        PolicyName.AlpsIo => LinuxPolicyKind.AlpsIo,
        PolicyName.Sfs => LinuxPolicyKind.Sfs,
        PolicyName.Fifo => LinuxPolicyKind.Fifo,
        PolicyName.Srpt => LinuxPolicyKind.Srpt,
        _ => LinuxPolicyKind.Alps,
    };

    // The config's policy.alps.static entries by function name (learning off).
    private static PolicySnapshot StaticTable(EnclaveConfig config, FunctionIdentityWiring identity)
    {
        int n = identity.Ids.Names.Count;
        var table = new FunctionPolicy[n];
        var known = new bool[n];
        foreach (StaticFunctionEntry e in config.Policy.Alps.Static)
        {
            int id = identity.Ids.IdOf(e.Function);
            if (id >= 0 && id < n)
            {
                table[id] = new FunctionPolicy(e.Rank, e.SliceMs * 1_000_000L);
                known[id] = true;
            }
        }
        return new PolicySnapshot(0, 0, table, known);
    }

    private static IReadOnlyList<KeyValuePair<string, long>> BackendCounters(LinuxAgentCounters c) =>
    [
        new("discovered", c.Discovered), new("raised", c.Raised), new("remapped", c.Remapped),
        new("demoted_slice", c.DemotedSlice), new("demoted_starved", c.DemotedStarved), new("returned_at_stop", c.ReturnedAtStop),
        new("rt_refused", c.RtRefused), new("raise_failed", c.RaiseFailed), new("not_raised_without_watchdog", c.NotRaisedWithoutWatchdog),
        new("table_full", c.TableFull), new("completed", c.Completed), new("cpu_at_exit_missed", c.CpuAtExitMissed),
        new("raised_on_event", c.RaisedOnEvent), new("discovery_latency_ns_sum", c.DiscoveryLatencySumNs),
        new("process_events", c.Events), new("malformed_events", c.MalformedEvents), new("resyncs", c.Resyncs),
        new("event_delay_ns_max", c.EventDelayMaxNs), new("round_busy_ns_max", c.RoundBusyMaxNs), new("wake_late_ns_max", c.WakeLateMaxNs),
        new("syscalls", LinuxNative.Syscalls), new("agent_cpu_ns", (long)(Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100)),
    ];

    // This executable again: the apphost, or `dotnet alps-ghost-agent.dll` when run through the dotnet host.
    private static string WatchdogFileName() => Environment.ProcessPath ?? "alps-ghost-agent";

    private static string[] WatchdogArguments()
    {
        string host = Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? string.Empty);
        // The dll's path from the base directory, not Assembly.Location (empty in single-file and NativeAOT builds,
        // which run as their own apphost and never take this branch).
        return host == "dotnet" ? [Path.Combine(AppContext.BaseDirectory, Assembly.GetEntryAssembly()!.GetName().Name + ".dll"), WatchdogCommand] : [WatchdogCommand];
    }

    // systemd-style readiness for a supervisor that is not systemd (the bench harness): one datagram "READY=1".
    private static void NotifyReady()
    {
        string? path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            string address = path[0] == '@' ? "\0" + path[1..] : path;
            socket.SendTo("READY=1"u8.ToArray(), new UnixDomainSocketEndPoint(address));
        }
        catch (SocketException)
        {
            // No listener: readiness is advisory.
        }
    }
}
