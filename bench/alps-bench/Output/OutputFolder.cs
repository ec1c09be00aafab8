namespace AlpsGhost.Bench.Output;

/// <summary>Checks <c>--out</c> before any run starts: a folder (existing or creatable), never an existing file.</summary>
internal static class OutputFolder
{
    /// <summary>Throws a <see cref="BenchException"/> naming <paramref name="folder"/> when it cannot hold the outputs.</summary>
    public static void Check(DirectoryInfo folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (File.Exists(folder.FullName))
        {
            throw new BenchException($"--out '{folder.FullName}' is a file: expected a folder for report.md, results.json, results.csv and the plots (created if missing)");
        }
        // The nearest existing ancestor must be a folder: "/etc/passwd/x" cannot be created either.
        DirectoryInfo? probe = folder.Parent;
        while (probe is not null && !probe.Exists)
        {
            if (File.Exists(probe.FullName))
            {
                throw new BenchException($"--out '{folder.FullName}' cannot be created: '{probe.FullName}' is a file");
            }
            probe = probe.Parent;
        }
    }

    /// <summary>Creates <paramref name="folder"/>, turning a refusal (permissions, read-only file system) into a one-line error.</summary>
    public static void Create(DirectoryInfo folder)
    {
        try
        {
            Directory.CreateDirectory(folder.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BenchException($"--out '{folder.FullName}' cannot be created: {e.Message}");
        }
    }
}
