using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Kernel;

/// <summary>The <see cref="IGhostEnclave"/> of a <see cref="SimulatedKernel"/>: the same ABI memory a real enclave maps.</summary>
internal sealed class SimulatedEnclave : IGhostEnclave
{
    private readonly SimulatedKernel _kernel;
    private readonly CpuDataRegion _cpuData;
    private readonly int[] _cpus;

    public SimulatedEnclave(SimulatedKernel kernel, GhostQueue queue, StatusWordRegion statusWords, CpuDataRegion cpuData,
        int[] cpus, int agentCpu, AgentMode mode, int abiVersion)
    {
        _kernel = kernel;
        Queue = queue;
        StatusWords = statusWords;
        _cpuData = cpuData;
        _cpus = cpus;
        AgentCpu = agentCpu;
        AgentMode = mode;
        AbiVersion = abiVersion;
    }

    public int AbiVersion { get; }

    public ReadOnlySpan<int> Cpus => _cpus;

    public int PossibleCpus => _cpuData.PossibleCpus;

    public int AgentCpu { get; }

    public AgentMode AgentMode { get; }

    public long NowNanoseconds => _kernel.NowNanoseconds;

    public GhostQueue Queue { get; }

    public StatusWordRegion StatusWords { get; }

    public ref GhostTxn Txn(int cpu) => ref _cpuData.Txn(cpu);

    public GhostSwInfo AgentStatusWord(int cpu)
    {
        if ((uint)cpu >= (uint)PossibleCpus)
        {
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"CPU outside 0..{PossibleCpus - 1}");
        }
        return new GhostSwInfo(0, (uint)cpu);
    }

    public void CommitTransactions(ReadOnlySpan<int> cpus) => _kernel.CommitTransactions(cpus);

    public bool FreeStatusWord(GhostSwInfo info) => _kernel.FreeStatusWord(info);

    public bool TryDescribeTask(long gtid, out TaskDescription description) => _kernel.TryDescribeTask(gtid, out description);
}
