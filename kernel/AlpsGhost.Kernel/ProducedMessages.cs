namespace AlpsGhost.Kernel;

/// <summary>Where each message produced into the ring ends, oldest first, so the kernel can tell how many the
/// agent has consumed since it last looked (the ring's tail has passed their end) and charge each one.</summary>
/// <remarks>Positions are the ring's free-running head after each message; comparisons are modulo 2^32 like the
/// ring's own. It holds at most as many entries as the ring has slots (a message takes at least one).</remarks>
internal sealed class ProducedMessages(uint ringSlots)
{
    private readonly uint[] _ends = new uint[ringSlots];
    private int _head;
    private int _count;

    /// <summary>A message was produced; the ring's head is now <paramref name="headAfter"/>.</summary>
    public void Produced(uint headAfter)
    {
        _ends[(_head + _count) & (_ends.Length - 1)] = headAfter;
        _count++;
    }

    /// <summary>Forgets and counts the messages the ring's <paramref name="tail"/> has passed.</summary>
    public int TakeConsumed(uint tail)
    {
        int mask = _ends.Length - 1;
        int consumed = 0;
        while (_count > 0 && (int)(tail - _ends[_head]) >= 0)
        {
            _head = (_head + 1) & mask;
            _count--;
            consumed++;
        }
        return consumed;
    }
}
