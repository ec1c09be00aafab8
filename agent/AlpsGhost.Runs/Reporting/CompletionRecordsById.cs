using System.Collections;

namespace AlpsGhost.Runs.Reporting;

/// <summary>A streamed run's records, stored by invocation id as the outcomes come in (in exit order), so the
/// report reads them in invocation order exactly as a materialised run's.</summary>
/// <remarks>
/// <para>Invariant: every id 0..<see cref="Count"/>-1 has been set once when the run has ended (the simulator
/// records every invocation: at its exit, or when the run stops). Before that, unset ids read as default.</para>
/// <para>Storage grows in fixed chunks of <see cref="ChunkLength"/> records: millions of records never need one
/// huge array or the copy a doubling list makes when it grows.</para>
/// </remarks>
public sealed class CompletionRecordsById : IReadOnlyList<CompletionRecord>
{
    /// <summary>Records per chunk (2.6 MB of records).</summary>
    public const int ChunkLength = 1 << 16;

    private readonly List<CompletionRecord[]> _chunks = [];

    /// <summary>Highest id set, plus one.</summary>
    public int Count { get; private set; }

    /// <summary>The record of invocation <paramref name="id"/>.</summary>
    public CompletionRecord this[int id]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, Count);
            return _chunks[id / ChunkLength][id % ChunkLength];
        }
    }

    /// <summary>Stores invocation <paramref name="id"/>'s record.</summary>
    public void Set(int id, in CompletionRecord record)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        int chunk = id / ChunkLength;
        while (_chunks.Count <= chunk)
        {
            _chunks.Add(new CompletionRecord[ChunkLength]);
        }
        _chunks[chunk][id % ChunkLength] = record;
        Count = Math.Max(Count, id + 1);
    }

    /// <inheritdoc/>
    public IEnumerator<CompletionRecord> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return _chunks[i / ChunkLength][i % ChunkLength];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
