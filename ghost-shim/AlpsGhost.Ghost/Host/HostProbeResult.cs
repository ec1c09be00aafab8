namespace AlpsGhost.Ghost.Host;

/// <summary>Outcome of <see cref="GhostHostProbe.Check"/>.</summary>
/// <param name="Code">What is missing (or <see cref="HostProbeCode.Ok"/>).</param>
/// <param name="Message">Operator-facing explanation, including the suggestion to use <c>--kernel sim</c> when not Ok.</param>
/// <param name="KernelVersions">ABI versions the kernel lists (empty if unknown).</param>
/// <param name="SelectedVersion">Newest ABI both sides speak, or 0.</param>
public sealed record HostProbeResult(HostProbeCode Code, string Message, IReadOnlyList<int> KernelVersions, int SelectedVersion)
{
    /// <summary>Whether the real kernel can be used.</summary>
    public bool IsOk => Code == HostProbeCode.Ok;

    /// <summary>The process exit code for this result (<see cref="ExitCodes"/>).</summary>
    public int ExitCode => Code switch
    {
        HostProbeCode.Ok => ExitCodes.Ok,
        HostProbeCode.NoGhostKernel => ExitCodes.NoGhostKernel,
        HostProbeCode.GhostfsNotMounted => ExitCodes.GhostfsNotMounted,
        HostProbeCode.VersionUnreadable => ExitCodes.GhostfsFormat,
        HostProbeCode.AbiNotSupported => ExitCodes.AbiNotSupported,
        HostProbeCode.NotPrivileged => ExitCodes.NotPrivileged,
        _ => ExitCodes.Failure,
    };
}
