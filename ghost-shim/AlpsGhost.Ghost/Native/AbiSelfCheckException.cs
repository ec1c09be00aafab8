namespace AlpsGhost.Ghost.Native;

/// <summary>
/// The C# and C layouts of the ghOSt ABI disagree, so reading or writing kernel memory would be
/// wrong; maps to <see cref="Host.ExitCodes.AbiSelfCheckFailed"/>.
/// </summary>
public sealed class AbiSelfCheckException : Exception
{
    /// <summary>Creates the exception listing every mismatch.</summary>
    public AbiSelfCheckException(IReadOnlyList<string> mismatches)
        : base($"ABI self-check failed ({mismatches?.Count ?? 0} differences between C# and libalpsghost): " +
               string.Join("; ", mismatches ?? []))
    {
        Mismatches = mismatches ?? [];
    }

    /// <summary>Each difference, one per entry.</summary>
    public IReadOnlyList<string> Mismatches { get; }

    /// <summary>Runs <see cref="AbiSelfCheck.Verify"/> and throws if anything differs.</summary>
    public static void ThrowIfMismatched()
    {
        IReadOnlyList<string> mismatches = AbiSelfCheck.Verify();
        if (mismatches.Count > 0)
        {
            throw new AbiSelfCheckException(mismatches);
        }
    }
}
