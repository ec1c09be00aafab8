namespace AlpsGhost.Workloads.Tests;

/// <summary>Locates the repository the tests run from, so the shipped files are tested as shipped.</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding alps-ghost.slnx, found by walking up from the test binaries.</summary>
    public static string Root
    {
        get
        {
            string? dir = TestContext.CurrentContext.TestDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "alps-ghost.slnx")))
            {
                dir = Path.GetDirectoryName(dir);
            }
            return dir ?? throw new InvalidOperationException($"alps-ghost.slnx not found above {TestContext.CurrentContext.TestDirectory}");
        }
    }

    /// <summary>bench/workloads.</summary>
    public static string Workloads => Path.Combine(Root, "bench", "workloads");

    /// <summary>bench/traces/azure2019/10.</summary>
    public static string Azure10 => Path.Combine(Root, "bench", "traces", "azure2019", "10");

    /// <summary>The shipped workload files.</summary>
    public static IEnumerable<string> ShippedWorkloadNames =>
        ["fib-groups.json", "azure2019.json", "azure-synthetic.json", "mixed-io-cpu.json", "auth-video.json",
         "azure-synthetic-1000.json", "wide-lognormal.json", "faas-mix.json"];
}
