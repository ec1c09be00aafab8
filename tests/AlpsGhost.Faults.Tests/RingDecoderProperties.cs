using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using CsCheck;

namespace AlpsGhost.Faults.Tests;

/// <summary>
/// GhostQueue over garbage: random bytes, truncated messages, bogus lengths, corrupted head/tail. Each read
/// is Empty, a Message lying inside the ring and before head, or Corrupt; never an exception; and a
/// consumer that consumes messages and skips to head on Corrupt drains any ring in at most nelems reads.
/// </summary>
public sealed unsafe class RingDecoderProperties
{
    /// <summary>One ring: log2(nelems), head, tail, slot bytes, and optional well-formed messages produced first.</summary>
    private static readonly Gen<(int Log2, uint Head, uint Tail, byte[] Slots, int Produced, int Flips, ulong FlipSeed)> s_ring =
        Gen.Select(Gen.Int[0, 7], Gen.UInt, Gen.Frequency((1, Gen.UInt), (3, Gen.UInt[0, 300])), Gen.Byte.Array[1024],
            Gen.Int[0, 30], Gen.Int[0, 20], Gen.ULong);

    [Test]
    public void DecoderNeverThrowsNorSpins() => Fuzz.Holds(s_ring, Check, iter: 20_000);

    private static void Check((int Log2, uint Head, uint Tail, byte[] Slots, int Produced, int Flips, ulong FlipSeed) r)
    {
        uint nelems = 1u << r.Log2;
        int bytes = GhostAbi.QueueBytes((int)nelems);
        byte[] mapping = new byte[bytes];
        fixed (byte* m = mapping)
        {
            GhostQueueProducer.Initialize(m, nelems);
            byte* ring = m + GhostAbi.QueueHeaderSize;
            if (r.Produced > 0)
            {
                // Well-formed traffic first (some of it wrapping with NOP padding), then corrupted in place.
                var producer = new GhostQueueProducer(m);
                var consumer = new GhostQueue(m, (nuint)bytes);
                for (int i = 0; i < r.Produced; i++)
                {
                    GhostMessageType type = (i % 3) switch { 0 => GhostMessageType.TaskNew, 1 => GhostMessageType.TaskDead, _ => GhostMessageType.CpuTick };
                    int size = GhostMessageTypes.PayloadSize(type, 91);
                    if (!producer.TryProduce(type, (uint)i, new byte[size]) && consumer.TryPeek(out GhostMessage old) == QueueReadStatus.Message)
                    {
                        consumer.Consume(in old);
                    }
                }
                ulong x = r.FlipSeed;
                for (int i = 0; i < r.Flips; i++)
                {
                    x = (x * 6364136223846793005UL) + 1442695040888963407UL;
                    ring[GhostAbi.RingHeaderSize + (int)((x >> 33) % (nelems * 8))] = (byte)(x >> 24);
                }
                if (r.Flips % 4 == 3)
                {
                    *(uint*)(ring + 4) = r.Tail; // a bogus tail
                }
            }
            else
            {
                new ReadOnlySpan<byte>(r.Slots, 0, (int)(nelems * 8)).CopyTo(new Span<byte>(ring + GhostAbi.RingHeaderSize, (int)(nelems * 8)));
                *(uint*)ring = r.Head;
                *(uint*)(ring + 4) = r.Head - r.Tail; // pending = r.Tail: mostly within a few rings, sometimes absurd
            }
            Drain(new GhostQueue(m, (nuint)bytes), ring, nelems);
        }
    }

    private static void Drain(GhostQueue q, byte* ring, uint nelems)
    {
        for (uint reads = 0; ; reads++)
        {
            Assert.That(reads, Is.LessThanOrEqualTo(nelems + 1), "the consumer did not reach head within nelems + 1 reads");
            uint head = *(uint*)ring;
            uint tail = *(uint*)(ring + 4);
            QueueReadStatus status = q.TryPeek(out GhostMessage message);
            switch (status)
            {
                case QueueReadStatus.Empty:
                    Assert.That(head, Is.EqualTo(tail));
                    return;
                case QueueReadStatus.Corrupt:
                    q.SkipToHead();
                    Assert.That(q.IsEmpty, Is.True);
                    return;
                default:
                    Assert.That(message.Length, Is.GreaterThanOrEqualTo(8), "a message shorter than its header was returned");
                    Assert.That((uint)message.Slots, Is.LessThanOrEqualTo(head - tail), "a message running past head was returned");
                    Assert.That((tail & (nelems - 1)) + (uint)message.Slots, Is.LessThanOrEqualTo(nelems), "a message running past the ring's end was returned");
                    _ = message.ReadPayload<TaskNewPayload>(); // a short payload is zero-filled, never read out of bounds
                    _ = message.Payload.Length;
                    q.Consume(in message);
                    break;
            }
        }
    }

    [Test]
    public void CorruptHeaderIsRejectedAtConstruction() =>
        Fuzz.Holds(Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt), h =>
        {
            byte[] mapping = new byte[GhostAbi.QueueBytes(64)];
            fixed (byte* m = mapping)
            {
                ((uint*)m)[0] = h.Item1 % 3 == 0 ? 0 : h.Item1; // version
                ((uint*)m)[1] = h.Item2 % 2 == 0 ? 64 : h.Item2; // start
                ((uint*)m)[2] = h.Item3; // nelems
                try
                {
                    var q = new GhostQueue(m, (nuint)mapping.Length);
                    Assert.That(q.Capacity, Is.LessThanOrEqualTo(64u), "a ring larger than the mapping was accepted");
                    Drain(q, m + ((uint*)m)[1], q.Capacity);
                }
                catch (ArgumentException)
                {
                    // Documented: a header that does not describe a ring fitting the mapping.
                }
            }
        }, iter: 5000);
}
