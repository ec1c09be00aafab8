using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Service.Stats;

/// <summary>
/// Completion time (arrival to exit) of every finished invocation, as one histogram per function with fixed
/// buckets: what <c>alps_ghost_function_completion_seconds</c> publishes.
/// </summary>
/// <remarks>
/// Agent thread only (<see cref="Record"/> from task exit, <see cref="Capture"/> from the stats publisher), so no
/// lock. Memory is bounded: one series per function id below <see cref="MaxFunctions"/> (the id table's own bound),
/// each <see cref="BoundsSeconds"/>.Length + 1 counters, allocated once per id and reused. A function with no
/// completion for <see cref="IdleNs"/> (the learner's window, after which it also leaves the policy table) is
/// evicted: its series is zeroed and disappears from the scrape; if it comes back it starts again from zero, which
/// Prometheus reads as a counter reset. Completions of unknown functions (id -1) go to <see cref="Unattributed"/>.
/// </remarks>
public sealed class CompletionHistograms : ICompletionRecorder
{
    /// <summary>Bucket upper bounds (inclusive, seconds): FaaS invocations run from a millisecond to a minute.</summary>
    public static IReadOnlyList<double> BoundsSeconds { get; } =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly long[] BoundsNs = BoundsSeconds.Select(s => (long)Math.Round(s * 1e9)).ToArray();

    private readonly Series?[] _byId;
    private readonly List<int> _active = [];

    /// <summary>Creates the histograms.</summary>
    /// <param name="maxFunctions">Function ids are below this (the id table's bound).</param>
    /// <param name="idleNs">A function without a completion for this long is evicted.</param>
    public CompletionHistograms(int maxFunctions, long idleNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFunctions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(idleNs, 1);
        _byId = new Series?[maxFunctions];
        IdleNs = idleNs;
    }

    /// <summary>Function ids at or above this are counted in <see cref="Unattributed"/>.</summary>
    public int MaxFunctions => _byId.Length;

    /// <summary>Time without a completion after which a function's series is evicted (ns).</summary>
    public long IdleNs { get; }

    /// <summary>Completions of invocations whose function is unknown.</summary>
    public long Unattributed { get; private set; }

    /// <summary>Functions with a live series.</summary>
    public int ActiveCount => _active.Count;

    /// <inheritdoc/>
    public void Record(int functionId, long completionNs, long endNs)
    {
        if ((uint)functionId >= (uint)_byId.Length)
        {
            Unattributed++;
            return;
        }
        Series s = _byId[functionId] ??= new Series(BoundsNs.Length + 1);
        if (!s.Active)
        {
            s.Active = true;
            _active.Add(functionId);
        }
        long ns = Math.Max(0, completionNs);
        int bucket = 0;
        while (bucket < BoundsNs.Length && ns > BoundsNs[bucket])
        {
            bucket++;
        }
        s.Buckets[bucket]++;
        s.Count++;
        s.SumNs += ns;
        s.LastNs = Math.Max(s.LastNs, endNs);
    }

    /// <summary>Evicts functions idle since <c><paramref name="nowNs"/> - IdleNs</c>, then copies the live series
    /// (buckets made cumulative, as Prometheus expects) in function-id order.</summary>
    /// <param name="nowNs">Agent clock now.</param>
    /// <param name="functionNames">Function names by id.</param>
    public List<FunctionCompletions> Capture(long nowNs, IReadOnlyList<string> functionNames)
    {
        ArgumentNullException.ThrowIfNull(functionNames);
        long horizon = nowNs - IdleNs;
        _active.RemoveAll(id =>
        {
            Series s = _byId[id]!;
            if (s.LastNs >= horizon)
            {
                return false;
            }
            s.Reset();
            return true;
        });
        _active.Sort();
        var result = new List<FunctionCompletions>(_active.Count);
        foreach (int id in _active)
        {
            Series s = _byId[id]!;
            long[] cumulative = new long[s.Buckets.Length];
            long running = 0;
            for (int i = 0; i < cumulative.Length; i++)
            {
                running += s.Buckets[i];
                cumulative[i] = running;
            }
            string name = id < functionNames.Count ? functionNames[id] : "#" + id;
            result.Add(new FunctionCompletions(name, cumulative, s.SumNs / 1e9, s.Count));
        }
        return result;
    }

    private sealed class Series(int buckets)
    {
        public readonly long[] Buckets = new long[buckets];
        public long Count;
        public long SumNs;
        public long LastNs = long.MinValue;
        public bool Active;

        public void Reset()
        {
            Array.Clear(Buckets);
            Count = 0;
            SumNs = 0;
            LastNs = long.MinValue;
            Active = false;
        }
    }
}

/// <summary>One function's completion-time histogram at a snapshot.</summary>
/// <param name="Name">Function name.</param>
/// <param name="CumulativeCounts">Completions at or below each of <see cref="CompletionHistograms.BoundsSeconds"/>, then all (+Inf).</param>
/// <param name="SumSeconds">Sum of the completion times.</param>
/// <param name="Count">Completions (equals the last cumulative count).</param>
public sealed record FunctionCompletions(string Name, IReadOnlyList<long> CumulativeCounts, double SumSeconds, long Count);
