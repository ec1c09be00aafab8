namespace AlpsGhost.Ghost;

/// <summary>Arithmetic on nanosecond clocks and durations (ghOSt's clock is CLOCK_MONOTONIC in ns), shared by
/// the agent and the simulated kernel so every "time + duration" in the project saturates the same way.</summary>
/// <remarks>Invariant: a deadline computed here never wraps into the past; <see cref="long.MaxValue"/> means
/// "never". Durations are non-negative by construction everywhere they are added.</remarks>
public static class Nanoseconds
{
    /// <summary><paramref name="a"/> + <paramref name="b"/> (b &gt;= 0), clamped at <see cref="long.MaxValue"/>
    /// ("never") instead of wrapping into the past.</summary>
    public static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>A non-negative duration in (possibly fractional) milliseconds as whole nanoseconds, rounded,
    /// clamped to [0, <see cref="long.MaxValue"/>] (NaN gives 0), so a huge value cannot wrap negative.</summary>
    public static long FromMilliseconds(double ms)
    {
        double ns = Math.Round(ms * 1e6);
        return ns >= long.MaxValue ? long.MaxValue : ns > 0 ? (long)ns : 0;
    }
}
