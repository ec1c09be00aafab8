namespace AlpsGhost.Ghost.Host;

/// <summary>What <see cref="GhostHostProbe"/> found missing, most fundamental first.</summary>
public enum HostProbeCode
{
    /// <summary>Everything needed to run on the real ghOSt kernel is present.</summary>
    Ok,
    /// <summary>The kernel has no ghOSt: no ghostfs mount point, or mounting fails with ENOENT/ENODEV.</summary>
    NoGhostKernel,
    /// <summary>The mount point exists but ghostfs is not mounted and mounting failed (not privileged, ...).</summary>
    GhostfsNotMounted,
    /// <summary>The <c>version</c> file could not be parsed.</summary>
    VersionUnreadable,
    /// <summary>None of the kernel's ABI versions is one we speak.</summary>
    AbiNotSupported,
    /// <summary>Not root and CAP_SYS_NICE missing from the effective capabilities.</summary>
    NotPrivileged,
}
