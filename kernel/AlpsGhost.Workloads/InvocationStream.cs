using AlpsGhost.Workloads.Format;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads;

/// <summary>
/// A workload's invocations generated lazily, in arrival order: exactly <see cref="Workload.Invocations"/> of the
/// same file, seed, CPU count, utilization and duration (same ids, arrivals and phases), without holding them all.
/// </summary>
/// <remarks>
/// <para>Why: a one-hour replay on a large machine has millions of invocations; materialised up front they cost
/// gigabytes, while a simulator only ever needs the next arrival and the live tasks.</para>
/// <para>How: one cursor per function over its arrival times (<c>ArrivalProcess.Times</c>) with its own CPU and
/// I/O streams, merged by (arrival, function, per-function order): the order <see cref="Workload"/>'s
/// materialisation sorts by, so the sequences are equal draw for draw. State: one pending invocation per function
/// (plus what an arrival process buffers: one minute of a trace replay, or the whole list for processes without an
/// incremental generator). Each enumeration starts over from the seed.</para>
/// </remarks>
public sealed class InvocationStream : IEnumerable<InvocationSpec>
{
    private readonly IReadOnlyList<FunctionModel> _functions;
    private readonly long _durationNs;
    private readonly ulong _seed;
    private readonly double _scale;

    internal InvocationStream(IReadOnlyList<FunctionModel> functions, long durationNs, ulong seed, double scale)
    {
        _functions = functions;
        _durationNs = durationNs;
        _seed = seed;
        _scale = scale;
    }

    /// <summary>Most invocations held pending at once by the last completed or running enumeration (at most one per
    /// function): what the stream's own memory follows.</summary>
    public int MaxPending { get; private set; }

    /// <summary>The expected number of invocations (<see cref="WorkloadBuilder.ExpectedInvocations"/>), without drawing anything.</summary>
    public double ExpectedCount() => WorkloadBuilder.ExpectedInvocations(_functions, _durationNs, _scale);

    /// <summary>How many invocations an enumeration yields, found by drawing only the arrival times (no demands):
    /// what a run that must know its size before it starts can afford.</summary>
    public long CountArrivals()
    {
        long count = 0;
        for (int f = 0; f < _functions.Count; f++)
        {
            foreach (long _ in _functions[f].Arrival.Times(_scale, _durationNs, Prng.ForStream(_seed, f, StreamPurpose.Arrivals)))
            {
                count++;
            }
        }
        return count;
    }

    /// <inheritdoc/>
    public IEnumerator<InvocationSpec> GetEnumerator()
    {
        int n = _functions.Count;
        var arrivals = new IEnumerator<long>[n];
        var cpuRngs = new Prng[n];
        var ioRngs = new Prng[n];
        // Key (arrival, function): per function the arrivals come in order, so the per-function order is implied.
        var pending = new PriorityQueue<int, (long Arrival, int Function)>(n);
        try
        {
            for (int f = 0; f < n; f++)
            {
                arrivals[f] = _functions[f].Arrival.Times(_scale, _durationNs, Prng.ForStream(_seed, f, StreamPurpose.Arrivals)).GetEnumerator();
                cpuRngs[f] = Prng.ForStream(_seed, f, StreamPurpose.CpuDemand);
                ioRngs[f] = Prng.ForStream(_seed, f, StreamPurpose.Io);
                if (arrivals[f].MoveNext())
                {
                    pending.Enqueue(f, (arrivals[f].Current, f));
                }
            }
            MaxPending = pending.Count;
            var phases = new List<Phase>(4);
            int id = 0;
            while (pending.TryDequeue(out int f, out (long Arrival, int Function) key))
            {
                phases.Clear();
                WorkloadBuilder.AppendPhases(_functions[f], cpuRngs[f], ioRngs[f], phases);
                if (arrivals[f].MoveNext())
                {
                    pending.Enqueue(f, (arrivals[f].Current, f));
                }
                MaxPending = Math.Max(MaxPending, pending.Count);
                yield return new InvocationSpec(id++, f, key.Arrival, phases.ToArray());
            }
        }
        finally
        {
            foreach (IEnumerator<long>? a in arrivals)
            {
                a?.Dispose();
            }
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
