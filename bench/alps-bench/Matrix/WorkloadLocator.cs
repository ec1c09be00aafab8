namespace AlpsGhost.Bench.Matrix;

/// <summary>Resolves a workload argument: a path to a file, or a name meaning the repository's <c>bench/workloads/&lt;name&gt;.json</c>.</summary>
internal static class WorkloadLocator
{
    /// <summary>The file for <paramref name="nameOrPath"/>; throws a <see cref="BenchException"/> listing the known names if none.</summary>
    public static FileInfo Resolve(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        if (File.Exists(nameOrPath))
        {
            return new FileInfo(nameOrPath);
        }
        DirectoryInfo? folder = FindWorkloadsFolder();
        if (folder is not null && !nameOrPath.Contains('/') && !nameOrPath.EndsWith(".json", StringComparison.Ordinal))
        {
            var candidate = new FileInfo(Path.Combine(folder.FullName, nameOrPath + ".json"));
            if (candidate.Exists)
            {
                return candidate;
            }
        }
        string known = folder is null
            ? "no bench/workloads folder was found above the current directory or the executable"
            : "known names (" + folder.FullName + "): " + string.Join(", ", KnownNames(folder));
        throw new BenchException($"unknown workload '{nameOrPath}': not a file and not a name in bench/workloads; {known}");
    }

    /// <summary>The repository's <c>bench/workloads</c>, searched upward from the current directory, then from the executable.</summary>
    public static DirectoryInfo? FindWorkloadsFolder()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                var folder = new DirectoryInfo(Path.Combine(d.FullName, "bench", "workloads"));
                if (folder.Exists)
                {
                    return folder;
                }
            }
        }
        return null;
    }

    private static List<string> KnownNames(DirectoryInfo folder)
    {
        var names = new List<string>();
        foreach (FileInfo f in folder.GetFiles("*.json"))
        {
            names.Add(Path.GetFileNameWithoutExtension(f.Name));
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
