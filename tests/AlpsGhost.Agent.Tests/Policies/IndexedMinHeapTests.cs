using AlpsGhost.Agent.Policies;

namespace AlpsGhost.Agent.Tests.Policies;

[TestFixture]
public sealed class IndexedMinHeapTests
{
    [Test]
    public void RandomInsertsRemovesAndPopsMatchASortedReference()
    {
        // Property: after any sequence of operations the heap pops exactly the reference's minimum.
        const int capacity = 200;
        var heap = new IndexedMinHeap(capacity);
        var reference = new SortedDictionary<QueueKey, int>();
        var keyOf = new Dictionary<int, QueueKey>();
        var random = new Random(12345);
        long sequence = 0;
        for (int step = 0; step < 50_000; step++)
        {
            int slot = random.Next(capacity);
            switch (random.Next(4))
            {
                case 0 or 1:
                    var key = new QueueKey(random.Next(4), random.Next(10), ++sequence);
                    if (keyOf.Remove(slot, out QueueKey old))
                    {
                        reference.Remove(old);
                    }
                    heap.Insert(slot, key);
                    reference.Add(key, slot);
                    keyOf[slot] = key;
                    break;
                case 2:
                    bool wasIn = keyOf.Remove(slot, out QueueKey removed);
                    if (wasIn)
                    {
                        reference.Remove(removed);
                    }
                    Assert.That(heap.Remove(slot), Is.EqualTo(wasIn));
                    break;
                default:
                    if (reference.Count == 0)
                    {
                        Assert.That(heap.TryPop(out _), Is.False);
                        break;
                    }
                    KeyValuePair<QueueKey, int> min = reference.First();
                    Assert.That(heap.TryPop(out int popped), Is.True);
                    Assert.That(popped, Is.EqualTo(min.Value), $"step {step}");
                    reference.Remove(min.Key);
                    keyOf.Remove(popped);
                    break;
            }
            Assert.That(heap.Count, Is.EqualTo(reference.Count));
        }
    }

    [Test]
    public void QueueKeyOrdersByMajorThenMinorThenSequence()
    {
        Assert.That(new QueueKey(1, 9, 9).Before(new QueueKey(2, 0, 0)), Is.True);
        Assert.That(new QueueKey(1, 1, 9).Before(new QueueKey(1, 2, 0)), Is.True);
        Assert.That(new QueueKey(1, 1, 1).Before(new QueueKey(1, 1, 2)), Is.True);
        Assert.That(new QueueKey(1, 1, 1).Before(new QueueKey(1, 1, 1)), Is.False);
    }
}
