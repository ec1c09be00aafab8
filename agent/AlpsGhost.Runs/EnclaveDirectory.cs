using System.Globalization;

namespace AlpsGhost.Runs;

/// <summary>Reads <c>--enclave-dir</c>: an existing enclave's ghostfs directory, <c>&lt;ghostfs root&gt;/enclave_&lt;id&gt;</c>.</summary>
public static class EnclaveDirectory
{
    private const string Prefix = "enclave_";

    /// <summary>Splits <paramref name="path"/> into the ghostfs root and the enclave id; false with a one-line reason otherwise.</summary>
    public static bool TryParse(string path, out string ghostfsRoot, out ulong id, out string? error)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        string name = Path.GetFileName(full);
        ghostfsRoot = Path.GetDirectoryName(full) ?? "/";
        id = 0;
        error = null;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)
            || !ulong.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id))
        {
            error = $"--enclave-dir '{path}' is not valid: expected an enclave directory such as /sys/fs/ghost/enclave_1";
            return false;
        }
        if (!Directory.Exists(full))
        {
            error = $"--enclave-dir '{path}' does not exist: expected an existing enclave (ls /sys/fs/ghost lists them)";
            return false;
        }
        return true;
    }
}
