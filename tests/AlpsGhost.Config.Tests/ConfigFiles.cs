namespace AlpsGhost.Config.Tests;

/// <summary>Locates the shipped config files copied next to the test assembly.</summary>
internal static class ConfigFiles
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "enclave-config");

    public static string AllJson => Path.Combine(Directory, "all.json");

    public static string Schema => Path.Combine(Directory, "enclave-config.schema.json");

    public static IEnumerable<string> Examples()
    {
        var files = System.IO.Directory.GetFiles(Path.Combine(Directory, "examples"), "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
