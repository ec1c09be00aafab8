namespace AlpsGhost.Ghost.Host;

/// <summary>
/// Process exit codes of alps-ghost tools, distinct per cause so scripts can react (documented in
/// docs/ghost-host.md). 0-2 follow the usual conventions; 10-19 are host problems found before any
/// scheduling starts.
/// </summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>Unexpected failure (a bug, or an error without a more specific code).</summary>
    public const int Failure = 1;
    /// <summary>Bad command line or configuration.</summary>
    public const int Usage = 2;
    /// <summary>The running kernel has no ghOSt (no <c>/sys/fs/ghost</c>, mount fails with ENOENT/ENODEV).</summary>
    public const int NoGhostKernel = 10;
    /// <summary>ghOSt exists but ghostfs is not mounted and could not be mounted (e.g. EPERM).</summary>
    public const int GhostfsNotMounted = 11;
    /// <summary>The kernel's ABI versions and ours do not intersect.</summary>
    public const int AbiNotSupported = 12;
    /// <summary>Not root / CAP_SYS_NICE missing from the effective capabilities.</summary>
    public const int NotPrivileged = 13;
    /// <summary>The requested enclave or CPUs are busy (another agent online, CPUs owned by another enclave).</summary>
    public const int EnclaveBusy = 14;
    /// <summary>The C# and C ABI layouts disagree: refusing to touch kernel memory.</summary>
    public const int AbiSelfCheckFailed = 15;
    /// <summary>libalpsghost.so could not be loaded.</summary>
    public const int NativeLibraryMissing = 16;
    /// <summary>A ghostfs file had unexpected content.</summary>
    public const int GhostfsFormat = 17;
    /// <summary>Stopped by SIGINT before the end: what was printed is partial and says so (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
