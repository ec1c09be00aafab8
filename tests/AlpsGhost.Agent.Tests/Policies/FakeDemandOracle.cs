using AlpsGhost.Agent.Policies;

namespace AlpsGhost.Agent.Tests.Policies;

/// <summary>An oracle whose answers the test sets: remaining demand per gtid, as of the last <see cref="Set"/>.</summary>
internal sealed class FakeDemandOracle : IRemainingDemandOracle
{
    private readonly Dictionary<long, long> _remaining = [];

    public void Set(long gtid, long remainingNs) => _remaining[gtid] = remainingNs;

    public bool TryGetRemainingNs(long gtid, out long remainingNs) => _remaining.TryGetValue(gtid, out remainingNs);
}
