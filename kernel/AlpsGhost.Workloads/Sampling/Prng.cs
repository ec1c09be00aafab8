using System.Numerics;

namespace AlpsGhost.Workloads.Sampling;

/// <summary>xoshiro256** seeded through SplitMix64: a small, fast generator whose output is fixed by its
/// algorithm, not by the .NET version (unlike <see cref="System.Random"/>, whose seeded sequence is not
/// a compatibility promise).</summary>
/// <remarks>Not thread-safe; one instance per stream. Streams are derived from (seed, function index,
/// purpose) by <see cref="ForStream"/> so that adding a function or a feature does not reshuffle the
/// numbers another function draws.</remarks>
internal sealed class Prng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Seeds the four state words from SplitMix64 (never all zero).</summary>
    public Prng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A generator for one independent stream: the key is a hash of all three parts.</summary>
    public static Prng ForStream(ulong seed, long index, StreamPurpose purpose)
        => new(Mix(Mix(Mix(seed) ^ (ulong)index) ^ (ulong)purpose));

    /// <summary>The SplitMix64 finaliser of <paramref name="value"/> plus the golden-ratio increment: a good 64-bit mixer.</summary>
    public static ulong Mix(ulong value)
    {
        ulong x = value;
        return SplitMix64(ref x);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in the open interval (0, 1): safe to take the logarithm of.</summary>
    public double NextOpenUnit() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        // Lemire's multiply-shift; the bias (< 2^-32 for int ranges) is irrelevant here.
        return (int)(((NextUInt64() >> 32) * (ulong)exclusiveMax) >> 32);
    }

    /// <summary>Exponential with mean 1.</summary>
    public double NextExponential() => -Math.Log(NextOpenUnit());

    /// <summary>Standard normal (Box-Muller; the second value is discarded to keep the stream stateless).</summary>
    public double NextStandardNormal()
    {
        double u1 = NextOpenUnit();
        double u2 = NextOpenUnit();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        ulong z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
