using AlpsGhost.Agent.Identity;
using AlpsGhost.Ghost;

namespace AlpsGhost.Agent.Tests.Identity;

[TestFixture]
public sealed class CgroupFunctionResolverTests
{
    private static readonly CgroupFunctionResolver Resolver = new(
        new Dictionary<string, int> { ["/faas/fib"] = 1, ["/faas/fib/special/"] = 2, ["/faas/bfs"] = 3 },
        new Dictionary<string, int> { ["pagerank"] = 4 });

    [TestCase("/faas/fib", "x", 1)]
    [TestCase("/faas/fib/inv-17", "x", 1)]
    [TestCase("/faas/fib/inv-17/", "x", 1)]
    [TestCase("/faas/fib/special/inv-3", "x", 2)]
    [TestCase("/faas/bfs/a/b/c", "x", 3)]
    [TestCase("/faas/fibonacci/inv", "x", -1)]
    [TestCase("/other", "pagerank", 4)]
    [TestCase("", "pagerank", 4)]
    [TestCase("/other", "sh", -1)]
    public void ResolvesByCgroupThenParentsThenComm(string cgroup, string comm, int expected) =>
        Assert.That(Resolver.Resolve(new TaskDescription(1, comm, cgroup)), Is.EqualTo(expected));

    [Test]
    public void RejectsNegativeIdsAndEmptyPathsNamingTheEntry()
    {
        var e = Assert.Throws<ArgumentException>(() => new CgroupFunctionResolver(new Dictionary<string, int> { ["/faas/x"] = -2 }));
        Assert.That(e!.Message, Does.Contain("/faas/x").And.Contain("-2"));
        Assert.Throws<ArgumentException>(() => new CgroupFunctionResolver(new Dictionary<string, int> { ["/"] = 1 }));
    }

    [Test]
    public void LookupDoesNotAllocate()
    {
        var task = new TaskDescription(1, "sh", "/faas/fib/special/inv-3/thread");
        Resolver.Resolve(task);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += Resolver.Resolve(task);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.EqualTo(2000));
    }
}
