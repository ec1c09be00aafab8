using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Ghost.Native;
using AlpsGhost.Service.Hosting;
using AlpsGhost.Service.Registration;
using AlpsGhost.Service.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AlpsGhost.Runs;

/// <summary>
/// <c>--kernel ghost</c>: checks the host, creates (or attaches to) an enclave and runs the same agent
/// loop as the simulator, on the global agent's pinned thread, until SIGINT/SIGTERM, as a hosted daemon
/// (docs/service.md): registration socket, Prometheus responder and stats socket when configured, systemd
/// readiness once the agent is attached.
/// </summary>
/// <remarks>Never falls back to the simulator: a host without ghOSt gets a message naming what is
/// missing and a distinct exit code (<see cref="ExitCodes"/>). The run path past the probe has been
/// exercised only against fake ghostfs trees, not a ghOSt kernel (see docs/ghost-host.md).</remarks>
public static class GhostKernelRun
{
    /// <summary>Runs the agent on this ghOSt host until SIGINT/SIGTERM; messages go to <paramref name="output"/>, errors to <paramref name="errors"/>.</summary>
    /// <returns>An exit code (<see cref="ExitCodes"/>).</returns>
    public static int Execute(RunRequest request, TextWriter output, TextWriter errors)
    {
        // Refused before probing the host: the answer is the same on any machine.
        if (request.IsSimulationOnly)
        {
            errors.WriteLine($"alps-ghost-agent: --policy {request.Policy} is an oracle bound that knows what a real kernel cannot tell (each task's remaining CPU demand, or each function's true demand distribution). Use it with --kernel sim.");
            return ExitCodes.Usage;
        }
        HostProbeResult probe = GhostHostProbe.Check();
        if (probe.Code != HostProbeCode.Ok)
        {
            errors.WriteLine("alps-ghost-agent: cannot run on the ghOSt kernel: " + probe.Message);
            return probe.ExitCode;
        }
        if (request.Policy == PolicyNames.Cfs)
        {
            errors.WriteLine("alps-ghost-agent: --policy cfs means no agent; on a real host simply do not start one.");
            return ExitCodes.Usage;
        }
        try
        {
            return RunAgent(request, probe, output, errors);
        }
        catch (AbiSelfCheckException e)
        {
            errors.WriteLine("alps-ghost-agent: refusing to touch kernel memory: " + e.Message);
            return ExitCodes.AbiSelfCheckFailed;
        }
        catch (DllNotFoundException e)
        {
            errors.WriteLine("alps-ghost-agent: the native ghost shim (libalpsghost.so) could not be loaded: " + e.Message);
            return ExitCodes.NativeLibraryMissing;
        }
        catch (GhostNativeException e)
        {
            errors.WriteLine("alps-ghost-agent: " + e.Message);
            return e.Errno == Errno.EBUSY ? ExitCodes.EnclaveBusy : ExitCodes.Failure;
        }
    }

    private static int RunAgent(RunRequest request, HostProbeResult probe, TextWriter output, TextWriter errors)
    {
        EnclaveConfig config = request.Config;
        LogFilter log = request.Log ?? LogFilter.Default(errors);
        var enclaveOptions = new RealEnclaveOptions
        {
            AbiVersion = probe.SelectedVersion,
            Cpus = config.Cpus.All ? OnlineCpus() : [.. config.Cpus.Cpus],
            AgentCpu = config.Agent.GlobalCpu ?? -1,
            AgentMode = request.AgentMode,
        };
        string ghostfsRoot = enclaveOptions.GhostfsRoot;
        ulong enclaveId = 0;
        if (request.EnclaveDir is not null && !EnclaveDirectory.TryParse(request.EnclaveDir, out ghostfsRoot, out enclaveId, out string? dirError))
        {
            errors.WriteLine("alps-ghost-agent: " + dirError);
            return ExitCodes.Usage;
        }
        // --enclave-dir attaches (ghost-userspace's --enclave DIR): the enclave stays when the agent leaves.
        using RealEnclave enclave = request.EnclaveDir is null
            ? RealEnclave.Create(enclaveOptions)
            : RealEnclave.Attach(enclaveOptions with { GhostfsRoot = ghostfsRoot }, enclaveId);
        if (config.RunnableTimeoutMs > 0)
        {
            enclave.SetTunable("runnable_timeout", config.RunnableTimeoutMs);
        }
        var identity = new FunctionIdentityWiring(config);
        FunctionNameIds functionIds = identity.Ids;
        RegistrationTable registrations = identity.Registrations;
        IFunctionResolver resolver = identity.Resolver;
        var publisher = new PolicyPublisher(PolicySnapshot.Empty);
        bool learning = request.IsAlps && request.Learning;
        // Every completion feeds the per-function histograms of the metrics endpoint; the learner, when on, reads the ring.
        var completions = new CompletionHistograms(functionIds.MaxFunctions, (long)(config.Policy.Alps.Learning.WindowS * 1e9));
        ObservationQueue observations = learning ? new ObservationQueue(1 << 16, completions) : ObservationQueue.CompletionsOnly(completions);
        ISchedulingPolicy policy = AgentFactory.CreatePolicy(config, publisher, enclave.Cpus.Length);
        var agent = new CentralizedAgent(enclave, policy, new AgentOptions(), resolver, observations, m => log.Info("agent: " + m));
        // The loop the simulator measures: it sleeps, spins or hands the CPU to CFS as the mode and BOOST_PRIO say.
        var loop = new AgentLoop(agent, enclave);

        using var stop = new CancellationTokenSource();
        using BackgroundLearner? learner = learning
            ? new BackgroundLearner(observations, publisher, LearnerSettings.From(config.Policy.Alps.Learning, enclave.Cpus.Length), log.Info)
            : null;
        // U of the overload tuning: the enclave CPUs' busy share since the previous round (A §2.3).
        var utilization = new ProcStatUtilization(enclave.Cpus.ToArray());
        learner?.Start(() => enclave.NowNanoseconds, utilization.Sample, stop.Token,
            TimeSpan.FromSeconds(config.Policy.Alps.Learning.EffectivePeriodS), firstWait: TimeSpan.FromSeconds(config.Policy.Alps.Learning.EffectiveFirstRoundS));
        // The agent thread publishes an immutable stats snapshot once a second; the servers read the last one.
        var stats = new StatsPublisher(agent.Stats, publisher, () => functionIds.Names,
            learner is null ? null : () => new LearnerStats(learner.WindowSize, learner.LastLearningTime.TotalSeconds, learner.Rounds, learner.Failures),
            completions: completions);

        IHost? host = null;
        void Attach()
        {
            enclave.StartAgents(() =>
            {
                try
                {
                    loop.RunIteration(enclave);
                    stats.OnRound(enclave.NowNanoseconds);
                }
                catch
                {
                    // The enclave records the failure; the daemon must then stop instead of reporting healthy.
                    host?.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
                    throw;
                }
                return !stop.IsCancellationRequested;
            });
            foreach (int pid in request.TaskPids ?? [])
            {
                TaskIntakeResult moved = TaskIntake.MoveProcess(enclave, pid);
                output.WriteLine($"alps-ghost-agent: moved {moved.Moved} threads of pid {pid} into the enclave ({moved.Vanished} exited meanwhile)");
            }
            foreach (string cgroup in request.TaskCgroups ?? [])
            {
                // Polls the cgroup for new threads (documented in docs/ghost-host.md); stopped with the agent.
                var watcher = new CgroupTaskWatcher(enclave, cgroup);
                TaskIntakeResult moved = watcher.Poll();
                watcher.Start(TimeSpan.FromMilliseconds(100));
                stop.Token.Register(watcher.Dispose);
                output.WriteLine($"alps-ghost-agent: moved {moved.Moved} threads of {cgroup} into the enclave; watching it for new ones");
            }
            output.WriteLine($"alps-ghost-agent: enclave_{enclave.Id} on CPUs {string.Join(',', enclave.Cpus.ToArray())}, ABI {enclave.AbiVersion}, policy {request.Policy}, agent {AgentModes.Name(request.AgentMode)}; SIGINT/SIGTERM to detach");
        }
        // Sockets first, then the agent attaches; READY=1 (systemd) once attached; SIGINT/SIGTERM stop the host,
        // which detaches the agent and then closes the sockets.
        host = AgentServiceHost.Build(config, registrations, () => stats.Current, Attach, stop.Cancel, minimumLevel: log.Minimum);
        using (host)
        {
            try
            {
                try
                {
                    host.Run();
                }
                catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                {
                    // Unwrapped, so the callers' handlers (ABI self-check, native shim, errno) see the real failure.
                    ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
            {
                // Socket set-up errors name the path and the config field.
                errors.WriteLine("alps-ghost-agent: " + e.Message);
                return ExitCodes.Failure;
            }
        }
        stop.Cancel();
        output.WriteLine($"alps-ghost-agent: detaching after {agent.Stats.Dispatches} dispatches");
        return enclave.AgentFailure is null ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static int[] OnlineCpus()
    {
        string text = File.ReadAllText("/sys/devices/system/cpu/online");
        return GhostfsText.ParseCpuList(text, "/sys/devices/system/cpu/online");
    }
}
