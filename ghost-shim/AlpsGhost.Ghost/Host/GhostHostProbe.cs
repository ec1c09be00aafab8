using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Host;

/// <summary>
/// Checks, before anything touches the kernel, whether this host can run the agent on real ghOSt,
/// and says precisely what is missing.
/// </summary>
/// <remarks>
/// Order: ghostfs (present / mountable) → ABI intersection → privileges. Mounting is attempted
/// only when the mount point exists but <c>version</c> does not (what ghOSt's userspace does);
/// the kernel creates the mount point itself, so its absence already means "no ghOSt".
/// </remarks>
public static class GhostHostProbe
{
    /// <summary>The suggestion appended to every failure.</summary>
    public const string SimSuggestion = "Use --kernel sim to run on the simulated ghOSt kernel instead.";

    /// <summary>Probes the host.</summary>
    /// <param name="ghostfsRoot">The ghostfs mount point.</param>
    /// <param name="procStatusPath">Where to read CapEff (tests point this to a fake file).</param>
    public static HostProbeResult Check(string ghostfsRoot = "/sys/fs/ghost", string procStatusPath = "/proc/self/status")
    {
        ArgumentException.ThrowIfNullOrEmpty(ghostfsRoot);
        string versionPath = Path.Combine(ghostfsRoot, "version");
        if (!Directory.Exists(ghostfsRoot))
        {
            return Fail(HostProbeCode.NoGhostKernel,
                $"Kernel without ghOSt: {ghostfsRoot} does not exist (the ghOSt kernel creates it; `uname -r` = {KernelRelease()}). " +
                "Boot a google/ghost-kernel build with CONFIG_SCHED_CLASS_GHOST=y (see docs/ghost-host.md).", []);
        }
        if (!File.Exists(versionPath))
        {
            int rc = TryMount(ghostfsRoot);
            if (rc == -Errno.ENOENT || rc == -Errno.ENODEV)
            {
                return Fail(HostProbeCode.NoGhostKernel,
                    $"Kernel without ghOSt: mounting ghostfs at {ghostfsRoot} failed with {Errno.Name(-rc)} (no 'ghost' filesystem type).", []);
            }
            if (rc != 0 || !File.Exists(versionPath))
            {
                string why = rc == 0 ? "it mounted but has no version file" : GhostErrorText.Describe(GhostOperation.Mount, -rc);
                return Fail(HostProbeCode.GhostfsNotMounted,
                    $"ghostfs is not mounted at {ghostfsRoot} and could not be mounted: {why}. Try `mount -t ghost ghost {ghostfsRoot}` as root.", []);
            }
        }
        int[] versions;
        try
        {
            versions = GhostfsText.ParseVersions(File.ReadAllText(versionPath), versionPath);
        }
        catch (GhostfsFormatException e)
        {
            return Fail(HostProbeCode.VersionUnreadable, $"Cannot read the kernel's ghOSt ABI versions: {e.Message}.", []);
        }
        catch (IOException e)
        {
            return Fail(HostProbeCode.VersionUnreadable, $"Cannot read {versionPath}: {e.Message}.", []);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(HostProbeCode.VersionUnreadable, $"Cannot read {versionPath}: {e.Message}.", []);
        }
        int selected = SelectVersion(versions);
        if (selected == 0)
        {
            return Fail(HostProbeCode.AbiNotSupported,
                $"ABI not supported: the kernel speaks ghOSt ABI {string.Join(", ", versions)}, alps-ghost speaks {string.Join(", ", GhostAbi.SupportedVersions.ToArray())}. " +
                "Build a kernel/agent pair with a common ABI.", versions);
        }
        bool privileged;
        try
        {
            privileged = Capabilities.HasSysNice(procStatusPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or GhostfsFormatException)
        {
            return Fail(HostProbeCode.NotPrivileged, $"Cannot determine capabilities from {procStatusPath}: {e.Message}.", versions);
        }
        if (!privileged)
        {
            return Fail(HostProbeCode.NotPrivileged,
                "Not privileged: the agent needs root or CAP_SYS_NICE (to become an agent, issue GHOST_IOC_RUN and move threads); CapEff lacks CAP_SYS_NICE.",
                versions, selected);
        }
        return new HostProbeResult(HostProbeCode.Ok,
            $"ghOSt ready at {ghostfsRoot}: kernel ABIs {string.Join(", ", versions)}, using {selected}.", versions, selected);
    }

    /// <summary>The newest ABI in <paramref name="kernelVersions"/> that we speak, or 0.</summary>
    public static int SelectVersion(ReadOnlySpan<int> kernelVersions)
    {
        foreach (int ours in GhostAbi.SupportedVersions)
        {
            foreach (int theirs in kernelVersions)
            {
                if (theirs == ours)
                {
                    return ours;
                }
            }
        }
        return 0;
    }

    private static HostProbeResult Fail(HostProbeCode code, string message, IReadOnlyList<int> versions, int selected = 0) =>
        new(code, $"{message} {SimSuggestion}", versions, selected);

    private static unsafe int TryMount(string root)
    {
        try
        {
            fixed (byte* p = GhostNative.Utf8Z(root))
            {
                return GhostNative.GhostfsMount(p);
            }
        }
        catch (DllNotFoundException)
        {
            // Without the shim we cannot mount; report it as not mounted rather than crash the probe.
            return -Errno.EIO;
        }
    }

    private static string KernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
