namespace AlpsGhost.Bench.Tests;

/// <summary>Files of the repository the tests run from (found upward from the test binary by alps-ghost.slnx).</summary>
internal static class RepoFiles
{
    /// <summary>The absolute path of <paramref name="relative"/> in the repository.</summary>
    public static string Path(string relative)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "alps-ghost.slnx")))
        {
            dir = dir.Parent;
        }
        Assert.That(dir, Is.Not.Null, "repository root");
        return System.IO.Path.Combine(dir!.FullName, relative);
    }
}
