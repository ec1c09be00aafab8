using System.Globalization;

namespace AlpsGhost.Ghost.Host;

/// <summary>An enclave's <c>status</c> file: <c>"version N\nactive yes|no\nnr_tasks N\n"</c>.</summary>
/// <param name="Version">ABI version of the enclave.</param>
/// <param name="Active">Whether an agent is online (agent_online is 1).</param>
/// <param name="TaskCount">Tasks in the enclave.</param>
public sealed record EnclaveStatus(int Version, bool Active, long TaskCount)
{
    /// <summary>Parses a status file; every one of the three keys is required, unknown keys are ignored (newer kernels may add some).</summary>
    /// <exception cref="GhostfsFormatException">A key is missing, repeated, or has a malformed value.</exception>
    public static EnclaveStatus Parse(string text, string source = "status")
    {
        ArgumentNullException.ThrowIfNull(text);
        int? version = null;
        bool? active = null;
        long? tasks = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                throw new GhostfsFormatException(source, line, "lines of the form '<key> <value>'");
            }
            string key = line[..space];
            string value = line[(space + 1)..].Trim();
            switch (key)
            {
                case "version":
                    Once(version.HasValue, source, line);
                    version = (int)Math.Min(GhostfsText.ParseUnsigned(value, $"{source} version"), int.MaxValue);
                    break;
                case "active":
                    Once(active.HasValue, source, line);
                    active = value switch
                    {
                        "yes" => true,
                        "no" => false,
                        _ => throw new GhostfsFormatException(source, line, "'active yes' or 'active no'"),
                    };
                    break;
                case "nr_tasks":
                    Once(tasks.HasValue, source, line);
                    tasks = GhostfsText.ParseUnsigned(value, $"{source} nr_tasks");
                    break;
                default:
                    break;
            }
        }
        if (version is null || active is null || tasks is null)
        {
            throw new GhostfsFormatException(source, text, "the keys version, active and nr_tasks");
        }
        return new EnclaveStatus(version.Value, active.Value, tasks.Value);
    }

    private static void Once(bool seen, string source, string line)
    {
        if (seen)
        {
            throw new GhostfsFormatException(source, line, "each key once");
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"version {Version}, active {(Active ? "yes" : "no")}, {TaskCount} tasks");
}
