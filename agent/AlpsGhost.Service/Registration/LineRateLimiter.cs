namespace AlpsGhost.Service.Registration;

/// <summary>At most N lines per one-second window, per connection (fixed window: cheap and predictable).</summary>
internal sealed class LineRateLimiter(int maxPerSecond, TimeProvider time)
{
    private long _windowStart = long.MinValue;
    private int _taken;

    /// <summary>Counts one line; false if this connection already used its lines of the current second.</summary>
    public bool TryTake()
    {
        long now = time.GetTimestamp();
        if (_windowStart == long.MinValue || now - _windowStart >= time.TimestampFrequency)
        {
            _windowStart = now;
            _taken = 0;
        }
        if (_taken >= maxPerSecond)
        {
            return false;
        }
        _taken++;
        return true;
    }
}
