namespace AlpsGhost.Agent.Core;

/// <summary>
/// The agent's tasks: a preallocated array of <see cref="AgentTask"/> slots, a free list, and a gtid
/// index created at full capacity, so adding and removing tasks never allocates.
/// </summary>
internal sealed class TaskTable
{
    private readonly AgentTask[] _tasks;
    private readonly int[] _free;
    private readonly Dictionary<long, int> _byGtid;
    private int _freeCount;

    public TaskTable(int capacity)
    {
        _tasks = new AgentTask[capacity];
        _free = new int[capacity];
        _byGtid = new Dictionary<long, int>(capacity);
        // Hand out low slots first so scans over [0, HighWater) stay short.
        for (int i = 0; i < capacity; i++)
        {
            _free[i] = capacity - 1 - i;
        }
        _freeCount = capacity;
    }

    public int Capacity => _tasks.Length;

    public int Count => _byGtid.Count;

    /// <summary>One past the highest slot ever used: scans stop there.</summary>
    public int HighWater { get; private set; }

    public ref AgentTask this[int slot] => ref _tasks[slot];

    public bool TryFind(long gtid, out int slot) => _byGtid.TryGetValue(gtid, out slot);

    /// <summary>Allocates a cleared slot for <paramref name="gtid"/>; false when the table is full.</summary>
    public bool TryAdd(long gtid, out int slot)
    {
        if (_freeCount == 0)
        {
            slot = -1;
            return false;
        }
        slot = _free[--_freeCount];
        _byGtid.Add(gtid, slot);
        _tasks[slot] = new AgentTask { Gtid = gtid, Slot = slot, Cpu = -1, FunctionId = -1, State = TaskState.Blocked };
        if (slot >= HighWater)
        {
            HighWater = slot + 1;
        }
        return true;
    }

    public void Release(int slot)
    {
        _byGtid.Remove(_tasks[slot].Gtid);
        _tasks[slot] = default;
        _free[_freeCount++] = slot;
    }
}
