using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Tests.Abi;

/// <summary>The one transaction validator (simulator and fakes): the kernel's order, the first failure decides.</summary>
[TestFixture]
public sealed class GhostTxnValidatorTests
{
    private const long Gtid = 7L << GhostAbi.GtidSeqnumBits;

    // A kernel state given outright: one target, one CPU.
    private readonly struct Given(TxnTarget target, TxnCpu cpu) : ITxnKernelState
    {
        public TxnTarget Target(long gtid, int cpu) => gtid == Gtid ? target : TxnTarget.Missing;

        public TxnCpu Cpu(int c) => cpu;
    }

    private static readonly TxnTarget Runnable = new(Found: true, Ghost: true, Dead: false, Barrier: 3, Blocked: false, Running: false, OnTxnCpu: false);

    private static GhostTxnState Commit(TxnTarget target, TxnCpu cpu, long gtid = Gtid, uint barrier = 3, int version = (int)GhostAbi.TxnVersion,
        CommitFlags flags = CommitFlags.None, int txnCpu = 1)
    {
        var txn = new GhostTxn { Version = version, Cpu = txnCpu, Gtid = gtid, TaskBarrier = barrier, CommitFlags = (byte)flags };
        return GhostTxnValidator.Validate(ref txn, 1, new Given(target, cpu));
    }

    [Test]
    public void AValidCommitOfARunnableTaskCompletes() =>
        Assert.That(Commit(Runnable, TxnCpu.Available), Is.EqualTo(GhostTxnState.Complete));

    [Test]
    public void TheFirstFailedCheckDecides()
    {
        // Property: the kernel's order. A wrong version hides a missing target; a stale target hides a busy CPU.
        Assert.That(Commit(TxnTarget.Missing, TxnCpu.Available, version: 9), Is.EqualTo(GhostTxnState.UnsupportedVersion));
        Assert.That(Commit(Runnable, TxnCpu.Available, txnCpu: 0), Is.EqualTo(GhostTxnState.InvalidCpu));
        Assert.That(Commit(TxnTarget.Missing, TxnCpu.Available), Is.EqualTo(GhostTxnState.TargetNotFound));
        var busy = TxnCpu.Available with { FairCurrent = true };
        Assert.That(Commit(Runnable, busy, barrier: 2), Is.EqualTo(GhostTxnState.TargetStale));
        Assert.That(Commit(Runnable, busy), Is.EqualTo(GhostTxnState.CpuUnavail));
        Assert.That(Commit(Runnable, TxnCpu.Available with { EnclaveActive = false }), Is.EqualTo(GhostTxnState.NoAgent));
    }

    [Test]
    public void TargetStatesMapToTheKernelsOutcomes()
    {
        Assert.That(Commit(Runnable with { Ghost = false }, TxnCpu.Available), Is.EqualTo(GhostTxnState.InvalidTarget));
        Assert.That(Commit(Runnable with { Dead = true }, TxnCpu.Available), Is.EqualTo(GhostTxnState.TargetStale));
        Assert.That(Commit(Runnable with { Blocked = true }, TxnCpu.Available), Is.EqualTo(GhostTxnState.TargetNotRunnable));
        Assert.That(Commit(Runnable with { Running = true }, TxnCpu.Available), Is.EqualTo(GhostTxnState.TargetOnCpu));
    }

    [Test]
    public void AllowTaskOnCpuAcceptsOnlyTheTaskAlreadyOnTheTxnsCpu()
    {
        TxnTarget here = Runnable with { Running = true, OnTxnCpu = true };
        Assert.That(Commit(here, TxnCpu.Available, flags: CommitFlags.AllowTaskOnCpu), Is.EqualTo(GhostTxnState.Complete));
        Assert.That(Commit(here with { OnTxnCpu = false }, TxnCpu.Available, flags: CommitFlags.AllowTaskOnCpu), Is.EqualTo(GhostTxnState.TargetOnCpu));
    }

    [Test]
    public void ContradictoryCommitFlagsAreRejected() =>
        Assert.That(Commit(Runnable, TxnCpu.Available, flags: CommitFlags.CommitAtSchedule | CommitFlags.CommitAtTxnCommit),
            Is.EqualTo(GhostTxnState.InvalidFlags));
}
