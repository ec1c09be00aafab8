using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Tests.Host;

/// <summary>A fake ghostfs of regular files with one enclave (<c>enclave_1</c>, ABI 91) for RealEnclave tests.</summary>
internal static unsafe class FakeGhostfs
{
    /// <summary>
    /// The tree: top-level <c>version</c> and <c>ctl</c>; the enclave's ctl, abi_version, cpulist, agent_online (0),
    /// deliver_ticks, a <c>cpu_data</c> of <paramref name="possibleCpus"/> pages and an <c>sw_0</c> region; and, outside
    /// the enclave, the "kernel's" queue file: 64 slots, holding one TASK_NEW (seqnum 1) of <paramref name="taskNewGtid"/>
    /// when given, written by the C producer.
    /// </summary>
    public static TempTree Create(int possibleCpus, long? taskNewGtid, out string queuePath)
    {
        var tree = new TempTree();
        tree.File("version", "91\n84\n");
        tree.File("ctl", "");
        tree.File("enclave_1/ctl", "");
        tree.File("enclave_1/abi_version", "91\n");
        tree.File("enclave_1/cpulist", "");
        tree.File("enclave_1/agent_online", "0\n");
        tree.File("enclave_1/deliver_ticks", "");
        tree.Bytes("enclave_1/cpu_data", new byte[possibleCpus * 4096]);
        var sw = new byte[4096];
        BitConverter.TryWriteBytes(sw.AsSpan(12), 64u);
        BitConverter.TryWriteBytes(sw.AsSpan(16), 100u);
        tree.Bytes("enclave_1/sw_regions/sw_0", sw);

        byte[] queue = new byte[4096];
        fixed (byte* q = queue)
        {
            Assert.That(GhostNative.RingInit(q, (ulong)queue.Length, 64), Is.Zero);
            if (taskNewGtid is long gtid)
            {
                var payload = new TaskNewPayload { Gtid = gtid, Runnable = 1 };
                Assert.That(GhostNative.RingProduce(q, (ushort)GhostMessageType.TaskNew, 1, &payload, (ushort)sizeof(TaskNewPayload)), Is.Zero);
            }
        }
        queuePath = tree.Bytes("queue", queue);
        return tree;
    }
}
