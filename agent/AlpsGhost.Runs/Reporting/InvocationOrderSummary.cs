namespace AlpsGhost.Runs.Reporting;

/// <summary>The summaries of a streamed run, built as its outcomes come in (in exit order) without keeping every
/// record: equal to <see cref="RunReport.Summarise"/> over all records in invocation order.</summary>
/// <remarks>
/// <para>Why the order matters: the mean slowdown is a floating-point sum in invocation order. So a record is
/// summarised only when every earlier invocation's has been; the ones that finish ahead of an earlier invocation
/// wait here. That holds about what finishes while the oldest live invocation runs, not the trace.</para>
/// <para>Invariant when the run has ended: every id 0..n-1 was added exactly once, so nothing waits
/// (<see cref="Summarise"/> refuses otherwise).</para>
/// </remarks>
public sealed class InvocationOrderSummary
{
    private readonly RunReport.SummaryBuilder _builder;
    private readonly Dictionary<int, CompletionRecord> _ahead = [];
    private int _next;

    /// <summary>A summary over <paramref name="functionCount"/> functions.</summary>
    public InvocationOrderSummary(int functionCount) => _builder = new RunReport.SummaryBuilder(new int[functionCount], 0);

    /// <summary>Most records held at once waiting for an earlier invocation.</summary>
    public int PeakWaiting { get; private set; }

    /// <summary>Adds invocation <paramref name="id"/>'s record (each id once, in any order).</summary>
    /// <exception cref="ArgumentException">The id was added before.</exception>
    public void Add(int id, in CompletionRecord record)
    {
        if (id < _next || _ahead.ContainsKey(id))
        {
            throw new ArgumentException($"invocation {id} was recorded twice", nameof(id));
        }
        if (id != _next)
        {
            _ahead.Add(id, record);
            PeakWaiting = Math.Max(PeakWaiting, _ahead.Count);
            return;
        }
        _builder.Add(in record);
        _next++;
        while (_ahead.Count > 0 && _ahead.Remove(_next, out CompletionRecord r))
        {
            _builder.Add(in r);
            _next++;
        }
    }

    /// <summary>The overall and per-function summaries of every record added.</summary>
    /// <exception cref="InvalidOperationException">An invocation before a recorded one was never recorded.</exception>
    public (LatencySummary Overall, List<FunctionReport> Functions) Summarise(IReadOnlyList<(string Name, string Group)> functions, long spanNs)
    {
        if (_ahead.Count > 0)
        {
            throw new InvalidOperationException($"invocation {_next} was never recorded ({_ahead.Count} later ones were)");
        }
        return _builder.Build(functions, spanNs);
    }
}
