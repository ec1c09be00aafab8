namespace AlpsGhost.Agent.Observation;

/// <summary>
/// A bounded single-producer single-consumer ring of <see cref="InvocationRecord"/>s from the agent's
/// hot path to the learner thread.
/// </summary>
/// <remarks>
/// The producer never blocks and never allocates: when the ring is full the record is dropped and
/// counted in <see cref="Dropped"/>. Exactly one thread may write and one may read. Every completed record
/// also reaches the optional <see cref="ICompletionRecorder"/> (on the producer thread), full ring or not, so
/// the metrics count every completion; a queue from <see cref="CompletionsOnly"/> has no reader and stores nothing.
/// </remarks>
public sealed class ObservationQueue
{
    private readonly InvocationRecord[] _slots;
    private readonly int _mask;
    private long _head; // next slot to write; written only by the producer
    private long _tail; // next slot to read; written only by the consumer
    private long _dropped;
    private readonly ICompletionRecorder? _completions;

    /// <summary>Creates a queue of <paramref name="capacity"/> records (rounded up to a power of two).</summary>
    /// <param name="capacity">Records the ring holds.</param>
    /// <param name="completions">Also told of every completed record, or null.</param>
    public ObservationQueue(int capacity, ICompletionRecorder? completions = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _slots = new InvocationRecord[size];
        _mask = size - 1;
        _completions = completions;
    }

    private ObservationQueue(ICompletionRecorder completions)
    {
        _slots = [];
        _completions = completions;
    }

    /// <summary>A queue without a reader (no learner): completed records only reach <paramref name="completions"/>;
    /// nothing is stored and nothing counts as dropped.</summary>
    public static ObservationQueue CompletionsOnly(ICompletionRecorder completions)
    {
        ArgumentNullException.ThrowIfNull(completions);
        return new ObservationQueue(completions);
    }

    /// <summary>Slots in the ring.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Records dropped because the ring was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Records waiting to be read.</summary>
    public int Count => (int)(Volatile.Read(ref _head) - Volatile.Read(ref _tail));

    /// <summary>Producer: enqueues a copy of <paramref name="record"/>, or drops and counts it when full.</summary>
    public bool TryWrite(in InvocationRecord record)
    {
        if (record.Completed)
        {
            _completions?.Record(record.FunctionId, record.EndNs - record.ArrivalNs, record.EndNs);
        }
        if (_slots.Length == 0)
        {
            return false; // no reader: not a drop
        }
        long head = _head;
        if (head - Volatile.Read(ref _tail) >= _slots.Length)
        {
            Volatile.Write(ref _dropped, _dropped + 1);
            return false;
        }
        _slots[head & _mask] = record;
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    /// <summary>Consumer: dequeues the oldest record.</summary>
    public bool TryRead(out InvocationRecord record)
    {
        long tail = _tail;
        if (tail == Volatile.Read(ref _head))
        {
            record = default;
            return false;
        }
        record = _slots[tail & _mask];
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }
}
