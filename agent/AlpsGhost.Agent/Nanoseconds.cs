namespace AlpsGhost.Agent;

/// <summary>Arithmetic on agent-clock nanoseconds shared by the core and the policies.</summary>
internal static class Nanoseconds
{
    /// <summary><paramref name="a"/> + <paramref name="b"/> (b &gt;= 0), clamped at <see cref="long.MaxValue"/>
    /// ("never") instead of wrapping into the past.</summary>
    public static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
