namespace AlpsGhost.Kernel;

/// <summary>
/// Integrates "enclave CPUs busy running a task" over virtual time, with exact checkpoints every
/// millisecond so a utilization since any past time costs O(1) and bounded memory.
/// </summary>
/// <remarks>Between checkpoints the cumulative value is interpolated linearly, so a query whose
/// start is not on a millisecond boundary is off by at most one millisecond of one CPU per busy change.</remarks>
internal sealed class UtilizationTracker
{
    private const long Step = 1_000_000;
    private readonly List<long> _checkpoints = [0];
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
        long k = since / Step;
        long at;
        if (k + 1 < _checkpoints.Count)
        {
            long a = _checkpoints[(int)k], b = _checkpoints[(int)k + 1];
            at = a + ((b - a) * (since - (k * Step)) / Step);
        }
        else
        {
            long a = _checkpoints[(int)k];
            long span = now - (k * Step);
            at = span <= 0 ? a : a + ((_cum - a) * (since - (k * Step)) / span);
        }
        return Math.Clamp((double)(_cum - at) / ((double)(now - since) * cpus), 0, 1);
    }

    private void Advance(long now)
    {
        long next = _checkpoints.Count * Step;
        while (next <= now)
        {
            _checkpoints.Add(_cum + (_busy * (next - _last)));
            _cum += _busy * (next - _last);
            _last = next;
            next += Step;
        }
        _cum += _busy * (now - _last);
        _last = now;
    }
}
