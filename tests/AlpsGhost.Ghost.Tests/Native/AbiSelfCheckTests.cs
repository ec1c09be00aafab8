using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Tests.Native;

/// <summary>The C# ABI structs and constants equal the C compiler's, for every struct, field and constant of ABI 84 and 91.</summary>
public class AbiSelfCheckTests
{
    [Test]
    public void VerifyFindsNoMismatchForAnyDescribedAbi()
    {
        IReadOnlyList<string> mismatches = AbiSelfCheck.Verify();
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
    }

    [TestCase(84)]
    [TestCase(91)]
    public void NativeAndManagedDescribeTheSameStructsFieldsAndConstants(int version)
    {
        AbiDescription native = NativeAbiTable.Read(version);
        AbiDescription managed = AbiLayout.Describe(version);
        Assert.That(native.Structs.Select(s => s.Name), Is.EquivalentTo(managed.Structs.Select(s => s.Name)));
        Assert.That(native.Constants.Select(c => c.Name), Is.EquivalentTo(managed.Constants.Select(c => c.Name)));
        foreach (AbiStruct n in native.Structs)
        {
            AbiStruct m = managed.Structs.Single(s => s.Name == n.Name);
            Assert.That(m.Size, Is.EqualTo(n.Size), n.Name);
            Assert.That(m.Fields, Is.EquivalentTo(n.Fields), n.Name);
        }
        Assert.That(AbiSelfCheck.Compare(native, managed), Is.Empty);
    }

    [TestCase(84, 40, 8, 4)]
    [TestCase(91, 48, 16, 8)]
    public void ExtendedPayloadsHaveTheirPerAbiSizes(int version, int taskNew, int taskDead, int cpuTick)
    {
        AbiDescription native = NativeAbiTable.Read(version);
        Assert.That(native.Structs.Single(s => s.Name == "ghost_msg_payload_task_new").Size, Is.EqualTo(taskNew));
        Assert.That(native.Structs.Single(s => s.Name == "ghost_msg_payload_task_dead").Size, Is.EqualTo(taskDead));
        Assert.That(native.Structs.Single(s => s.Name == "ghost_msg_payload_cpu_tick").Size, Is.EqualTo(cpuTick));
    }

    [Test]
    public void NativeTableHoldsTheDocumentedNumbers()
    {
        AbiDescription native = NativeAbiTable.Read(91);
        long Constant(string name) => native.Constants.Single(c => c.Name == name).Value;
        Assert.That(Constant("GHOST_IOC_RUN"), Is.EqualTo(0x4018670b));
        Assert.That(Constant("GHOST_IOC_SW_GET_INFO"), Is.EqualTo(0xc0186701));
        Assert.That(Constant("GHOST_IOC_CREATE_QUEUE"), Is.EqualTo(0xc0186703));
        Assert.That(Constant("GHOST_IOC_ASSOC_QUEUE"), Is.EqualTo(0x40206704));
        Assert.That(Constant("GHOST_IOC_SET_DEFAULT_QUEUE"), Is.EqualTo(0x40046705));
        Assert.That(Constant("GHOST_IOC_CONFIG_QUEUE_WAKEUP"), Is.EqualTo(0x40186706));
        Assert.That(Constant("GHOST_IOC_GET_CPU_TIME"), Is.EqualTo(0xc0106707));
        Assert.That(Constant("GHOST_IOC_COMMIT_TXN"), Is.EqualTo(0x40106708));
        Assert.That(Constant("GHOST_IOC_SYNC_GROUP_TXN"), Is.EqualTo(0x40106709));
        Assert.That(Constant("GHOST_IOC_TIMERFD_SETTIME"), Is.EqualTo(0xc030670a));
        Assert.That(Constant("GHOST_IOC_SW_FREE"), Is.EqualTo(0x40086702));
        Assert.That(Constant("GHOST_IOC_NULL"), Is.EqualTo(0x00006700));
        Assert.That(Constant("GHOST_TXN_COMPLETE"), Is.EqualTo(int.MinValue));
        Assert.That(Constant("GHOST_TXN_POISONED"), Is.EqualTo(int.MinValue + 15));
        Assert.That(Constant("MSG_TASK_NEW"), Is.EqualTo(67));
        Assert.That(Constant("GHOST_VERSION"), Is.EqualTo(91));
        Assert.That(NativeAbiTable.Read(84).Constants.Single(c => c.Name == "GHOST_VERSION").Value, Is.EqualTo(84));
        AbiStruct ring = native.Structs.Single(s => s.Name == "ghost_ring");
        Assert.That(ring.Fields.Single(f => f.Name == "msgs").Offset, Is.EqualTo(12), "slot i at mapping offset 64 + 12 + 8i");
    }

    [Test]
    public void CompareReportsEveryKindOfDifference()
    {
        AbiDescription native = NativeAbiTable.Read(91);
        var structs = native.Structs.ToList();
        int txn = structs.FindIndex(s => s.Name == "ghost_txn");
        var fields = structs[txn].Fields.ToList();
        fields[fields.FindIndex(f => f.Name == "gtid")] = new AbiField("gtid", 28, 8);
        fields.RemoveAll(f => f.Name == "unused");
        structs[txn] = structs[txn] with { Size = 72, Fields = fields };
        structs.RemoveAll(s => s.Name == "ghost_ioc_run");
        var constants = native.Constants.Where(c => c.Name != "MSG_CPU_BUSY")
            .Select(c => c.Name == "GHOST_IOC_RUN" ? c with { Value = 0x4010670b } : c)
            .Append(new AbiConstant("MSG_BOGUS", 1)).ToList();
        var broken = new AbiDescription(91, structs, constants);

        IReadOnlyList<string> diff = AbiSelfCheck.Compare(native, broken);
        Assert.That(diff, Has.Some.Contains("offsetof(ghost_txn, gtid) is 24 in C, 28 in C#"));
        Assert.That(diff, Has.Some.Contains("sizeof(ghost_txn) is 64 in C, 72 in C#"));
        Assert.That(diff, Has.Some.Contains("ghost_txn.unused"));
        Assert.That(diff, Has.Some.Contains("struct ghost_ioc_run has no C# description"));
        Assert.That(diff, Has.Some.Contains("MSG_CPU_BUSY"));
        Assert.That(diff, Has.Some.Contains("GHOST_IOC_RUN is 1075341067 (0x4018670b) in C, 1074816779 (0x4010670b) in C#"));
        Assert.That(diff, Has.Some.Contains("constant MSG_BOGUS exists only in C#"));
        Assert.That(diff, Has.Count.EqualTo(7));
    }

    [Test]
    public void UnknownVersionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiLayout.Describe(69));
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeAbiTable.Read(69));
    }
}

/// <summary>The startup guard passes on matching layouts and reports every mismatch otherwise.</summary>
public class AbiSelfCheckExceptionTests
{
    [Test]
    public void GuardPassesOnThisBuild() => Assert.DoesNotThrow(AbiSelfCheckException.ThrowIfMismatched);

    [Test]
    public void ExceptionListsTheMismatches()
    {
        var e = new AbiSelfCheckException(["a differs", "b differs"]);
        Assert.That(e.Message, Does.Contain("2 differences").And.Contain("a differs; b differs"));
        Assert.That(e.Mismatches, Has.Count.EqualTo(2));
    }
}
