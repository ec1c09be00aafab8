namespace AlpsGhost.Kernel;

/// <summary>
/// Integrates "enclave CPUs busy running a task" over virtual time, with exact checkpoints of the cumulative
/// busy time in two rings (every millisecond for the last <see cref="FineHorizonNs"/>, every second for the
/// last <see cref="CoarseHorizonNs"/>), so a utilization since any recent time costs O(1) and memory stays
/// fixed (about 2 MB) however long the simulated run is.
/// </summary>
/// <remarks>
/// <para>Between checkpoints the cumulative value is interpolated linearly, so a query whose start is not on a
/// checkpoint is off by at most one step (1 ms within the fine horizon, 1 s within the coarse one) of one CPU
/// per busy change in that step. The fine horizon covers the learner's default 60 s window exactly; the coarse
/// one covers the longest window the config accepts (one day). A query older than the coarse horizon measures
/// from the oldest retained checkpoint instead (documented in docs/simulator.md).</para>
/// <para>Invariant: each ring holds consecutive checkpoints ending at the last step boundary at or before the
/// last update; <c>_cum</c> is the exact busy integral up to <c>_last</c>.</para>
/// </remarks>
internal sealed class UtilizationTracker
{
    /// <summary>Span of the millisecond checkpoints.</summary>
    public const long FineHorizonNs = FineStep * Capacity;

    /// <summary>Span of the second checkpoints.</summary>
    public const long CoarseHorizonNs = CoarseStep * Capacity;

    private const long FineStep = 1_000_000;
    private const long CoarseStep = 1_000_000_000;
    private const int Capacity = 1 << 17;

    private readonly CheckpointRing _fine = new(FineStep, Capacity);
    private readonly CheckpointRing _coarse = new(CoarseStep, Capacity);
    private long _cum;
    private long _last;
    private int _busy;

    public void Change(long now, int delta)
    {
        Advance(now);
        _busy += delta;
    }

    public double Since(long since, long now, int cpus)
    {
        if (cpus <= 0 || now <= since)
        {
            return 0;
        }
        Advance(now);
        since = Math.Max(0, since);
        CheckpointRing ring = since >= _fine.OldestNs ? _fine : _coarse;
        since = Math.Max(since, ring.OldestNs);
        long at = ring.CumulativeAt(since, _last, _cum);
        return Math.Clamp((double)(_cum - at) / ((double)(now - since) * cpus), 0, 1);
    }

    private void Advance(long now)
    {
        if (now <= _last)
        {
            return;
        }
        _fine.Record(_last, _cum, _busy, now);
        _coarse.Record(_last, _cum, _busy, now);
        _cum += _busy * (now - _last);
        _last = now;
    }

    /// <summary>The last <c>capacity</c> checkpoints of the cumulative busy time, one every <c>step</c> ns.</summary>
    private sealed class CheckpointRing(long step, int capacity)
    {
        private readonly long[] _values = new long[capacity];
        private long _first;     // step index of the oldest retained checkpoint
        private long _count = 1; // checkpoint 0 (time 0, value 0) is there from the start

        public long OldestNs => _first * step;

        /// <summary>Adds the checkpoints at every step boundary in (<paramref name="last"/>, <paramref name="now"/>],
        /// during which <paramref name="busy"/> CPUs were busy; only the last <c>capacity</c> are computed.</summary>
        public void Record(long last, long cum, int busy, long now)
        {
            long next = _first + _count;
            long end = now / step;
            if (end < next)
            {
                return;
            }
            long from = Math.Max(next, end - capacity + 1);
            for (long k = from; k <= end; k++)
            {
                _values[k % capacity] = cum + (busy * ((k * step) - last));
            }
            if (from > next)
            {
                _first = from;
                _count = end - from + 1;
            }
            else
            {
                _count += end - next + 1;
            }
            if (_count > capacity)
            {
                _first += _count - capacity;
                _count = capacity;
            }
        }

        /// <summary>The cumulative busy time at <paramref name="t"/> (>= <see cref="OldestNs"/>, <= <paramref name="last"/>),
        /// interpolated between neighbouring checkpoints, or towards (<paramref name="last"/>, <paramref name="cum"/>) after the newest.</summary>
        public long CumulativeAt(long t, long last, long cum)
        {
            long k = t / step;
            long newest = _first + _count - 1;
            long a = _values[k % capacity];
            if (k < newest)
            {
                long b = _values[(k + 1) % capacity];
                return a + (long)((Int128)(b - a) * (t - (k * step)) / step);
            }
            long span = last - (k * step);
            return span <= 0 ? a : a + (long)((Int128)(cum - a) * (t - (k * step)) / span);
        }
    }
}
