using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Benchmarks.Fakes;
using AlpsGhost.Ghost;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;
using BenchmarkDotNet.Attributes;

namespace AlpsGhost.Benchmarks;

/// <summary>
/// Throughput of the simulated kernel: one operation is a whole run of a fixed workload (20 000
/// invocations of the <see cref="SyntheticFaas"/> mix, 8 CPUs, 70 % offered load). <c>cfs</c> runs every
/// task in the fair class; <c>fifo</c> attaches the production agent (queue-wakeup mode, FIFO policy)
/// over the simulated enclave, so it also pays for every message, agent wakeup and commit.
/// </summary>
/// <remarks>The events/s column divides <see cref="SimulationResult.EventsProcessed"/> of the
/// (deterministic) run by the mean time per run.</remarks>
[MemoryDiagnoser]
public class SimulatorEventsPerSecond
{
    /// <summary>Invocations in the workload.</summary>
    public const int Invocations = 20_000;

    /// <summary>Simulated CPUs.</summary>
    public const int Cpus = 8;

    private static readonly Dictionary<string, long> EventsByScheduler = [];
    private static Workload? s_workload;

    /// <summary>Who schedules: the simulated fair class alone, or the agent with the FIFO policy.</summary>
    [Params("cfs", "fifo")]
    public string Scheduler { get; set; } = "cfs";

    /// <summary>
    /// Builds the workload (shared by every case), checks a run finishes it, and reports the bytes the
    /// agent allocated inside its <c>RunOnce</c> calls over that whole run (the hot path: should be 0).
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        for (int run = 1; run <= 2; run++)
        {
            var counting = new List<CountingEnclave>(1);
            SimulationResult result = RunOnce(Scheduler, out long agentRounds, out long agentBytes, counting);
            if (result.Finished != Invocations)
            {
                throw new InvalidOperationException($"{Scheduler}: {result.Finished} of {Invocations} invocations finished");
            }
            if (Scheduler == "fifo")
            {
                CountingEnclave k = counting[0];
                Console.WriteLine($"// run {run}: {agentRounds:N0} agent rounds allocated {agentBytes:N0} B: agent code {agentBytes - k.KernelBytes:N0} B, "
                    + $"simulated kernel inside them {k.KernelBytes:N0} B (commit {k.CommitBytes:N0}, free {k.FreeBytes:N0}, describe {k.DescribeBytes:N0})");
            }
        }
    }

    /// <summary>One full simulation; returns events processed.</summary>
    [Benchmark]
    public long Simulate() => RunOnce(Scheduler, out _, out _, counting: null).EventsProcessed;

    /// <summary>Events one run of <paramref name="scheduler"/> processes (deterministic; runs it once and caches).</summary>
    public static long EventsPerRun(string scheduler)
    {
        lock (EventsByScheduler)
        {
            if (!EventsByScheduler.TryGetValue(scheduler, out long events))
            {
                events = RunOnce(scheduler, out _, out _, counting: null).EventsProcessed;
            }
            return events;
        }
    }

    /// <param name="counting">When not null, the agent talks to the enclave through a <see cref="CountingEnclave"/>, added here.</param>
    private static SimulationResult RunOnce(string scheduler, out long agentRounds, out long agentBytes, List<CountingEnclave>? counting)
    {
        Adapter? adapter = null;
        Workload workload = s_workload ??= SyntheticFaas.Workload(Invocations, Cpus, utilization: 0.7, seed: 42);
        var options = new SimulationOptions { CpuCount = Cpus, Seed = 42, AgentMode = AgentMode.QueueWakeup };
        using var kernel = new SimulatedKernel(workload, options);
        if (scheduler == "fifo")
        {
            var byCgroup = new Dictionary<string, int>();
            foreach (FunctionSpec f in workload.Functions)
            {
                byCgroup[f.CgroupPath] = f.Id;
            }
            IGhostEnclave enclave = kernel.CreateEnclave();
            if (counting is not null)
            {
                var wrapper = new CountingEnclave(enclave);
                counting.Add(wrapper);
                enclave = wrapper;
            }
            var agent = new CentralizedAgent(enclave, new FifoPolicy(), new AgentOptions(), new CgroupFunctionResolver(byCgroup));
            adapter = new Adapter(agent);
            kernel.AttachAgent(adapter);
        }
        else if (scheduler != "cfs")
        {
            throw new ArgumentException($"scheduler '{scheduler}': expected cfs or fifo", nameof(scheduler));
        }
        SimulationResult result = kernel.Run();
        agentRounds = adapter?.Rounds ?? 0;
        agentBytes = adapter?.AllocatedBytes ?? 0;
        lock (EventsByScheduler)
        {
            EventsByScheduler[scheduler] = result.EventsProcessed;
        }
        return result;
    }

    /// <summary>Drives the agent from the simulated kernel and counts what its rounds allocate.</summary>
    /// <remarks>GetAllocatedBytesForCurrentThread costs a few ns per round: small next to a round, and
    /// the same for every measured run.</remarks>
    private sealed class Adapter(CentralizedAgent agent) : ISimulatedAgent
    {
        public long Rounds { get; private set; }

        public long AllocatedBytes { get; private set; }

        public long RunOnce()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long next = agent.RunOnce();
            AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            Rounds++;
            return next;
        }
    }
}
