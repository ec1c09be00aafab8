using System.Globalization;

namespace AlpsGhost.Ghost.Host;

/// <summary>Finds enclaves under a ghostfs root by scanning <c>enclave_*</c> directories and their <c>status</c>.</summary>
public static class EnclaveDiscovery
{
    private const string Prefix = "enclave_";

    /// <summary>Every enclave under <paramref name="ghostfsRoot"/>, by ascending id. Directories whose name is not <c>enclave_&lt;decimal&gt;</c> are ignored.</summary>
    /// <exception cref="GhostfsFormatException">An enclave's status file is malformed.</exception>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    public static IReadOnlyList<EnclaveInfo> List(string ghostfsRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(ghostfsRoot);
        var result = new List<EnclaveInfo>();
        foreach (string dir in Directory.EnumerateDirectories(ghostfsRoot, Prefix + "*"))
        {
            string name = Path.GetFileName(dir);
            string digits = name[Prefix.Length..];
            if (digits.Length == 0 || digits.Length > 19 || !ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id))
            {
                continue;
            }
            string statusPath = Path.Combine(dir, "status");
            string text;
            try
            {
                text = File.ReadAllText(statusPath);
            }
            catch (FileNotFoundException)
            {
                // Being destroyed right now: the directory disappears shortly.
                continue;
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }
            result.Add(new EnclaveInfo(id, dir, EnclaveStatus.Parse(text, statusPath)));
        }
        result.Sort((a, b) => a.Id.CompareTo(b.Id));
        return result;
    }

    /// <summary>The enclave with <paramref name="id"/>, or null.</summary>
    public static EnclaveInfo? FindById(string ghostfsRoot, ulong id)
    {
        foreach (EnclaveInfo e in List(ghostfsRoot))
        {
            if (e.Id == id)
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>The active enclave (an agent is online), as ghOSt's userspace picks one; null if none. The lowest id wins if several are active.</summary>
    public static EnclaveInfo? FindActive(string ghostfsRoot)
    {
        foreach (EnclaveInfo e in List(ghostfsRoot))
        {
            if (e.Status.Active)
            {
                return e;
            }
        }
        return null;
    }
}
