using System.Runtime.InteropServices;
using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Cli;

/// <summary>
/// <c>--kernel ghost</c>: checks the host, creates (or attaches to) an enclave and runs the same agent
/// loop as the simulator, on the global agent's pinned thread, until SIGINT/SIGTERM.
/// </summary>
/// <remarks>Never falls back to the simulator: a host without ghOSt gets a message naming what is
/// missing and a distinct exit code (<see cref="ExitCodes"/>). The run path past the probe has been
/// exercised only against fake ghostfs trees, not a ghOSt kernel (see docs/ghost-host.md).</remarks>
internal static class GhostKernelRun
{
    public static int Execute(RunRequest request, TextWriter output, TextWriter errors)
    {
        // Refused before probing the host: the answer is the same on any machine.
        if (request.Policy == PolicyNames.Srpt)
        {
            errors.WriteLine("alps-ghost-agent: --policy srpt is an oracle bound that knows every task's remaining CPU demand; a real kernel cannot tell it. Use it with --kernel sim.");
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
        var enclaveOptions = new RealEnclaveOptions
        {
            AbiVersion = probe.SelectedVersion,
            Cpus = config.Cpus.All ? OnlineCpus() : [.. config.Cpus.Cpus],
            AgentCpu = config.Agent.GlobalCpu ?? -1,
            AgentMode = request.AgentMode,
        };
        using RealEnclave enclave = RealEnclave.Create(enclaveOptions);
        if (config.RunnableTimeoutMs > 0)
        {
            enclave.SetTunable("runnable_timeout", config.RunnableTimeoutMs);
        }
        var resolver = new RuleFunctionResolver(FunctionIdentityRules.FromConfig(config));
        var publisher = new PolicyPublisher(PolicySnapshot.Empty);
        bool learning = request.Policy == PolicyNames.Alps && request.Learning;
        ObservationQueue? observations = learning ? new ObservationQueue(1 << 16) : null;
        ISchedulingPolicy policy = AgentFactory.CreatePolicy(config, publisher, enclave.Cpus.Length);
        var agent = new CentralizedAgent(enclave, policy, new AgentOptions(), resolver, observations, m => errors.WriteLine("agent: " + m));

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using BackgroundLearner? learner = learning
            ? new BackgroundLearner(observations!, publisher, LearnerSettings.From(config.Policy.Alps.Learning, enclave.Cpus.Length), m => errors.WriteLine(m))
            : null;
        learner?.Start(() => enclave.NowNanoseconds, () => 0.0, stop.Token,
            TimeSpan.FromSeconds(config.Policy.Alps.Learning.EffectivePeriodS));

        enclave.StartAgents(() =>
        {
            agent.RunOnce();
            return !stop.IsCancellationRequested;
        });
        output.WriteLine($"alps-ghost-agent: enclave_{enclave.Id} on CPUs {string.Join(',', enclave.Cpus.ToArray())}, ABI {enclave.AbiVersion}, policy {request.Policy}, agent {request.AgentMode}; SIGINT/SIGTERM to detach");
        stop.Token.WaitHandle.WaitOne();
        output.WriteLine($"alps-ghost-agent: detaching after {agent.Stats.Dispatches} dispatches");
        return enclave.AgentFailure is null ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static int[] OnlineCpus()
    {
        string text = File.ReadAllText("/sys/devices/system/cpu/online");
        return GhostfsText.ParseCpuList(text, "/sys/devices/system/cpu/online");
    }
}
