namespace AlpsGhost.Config.Tests;

/// <summary>cpulist parsing follows the kernel's "0-3,5" format and round-trips.</summary>
public sealed class CpuSelectionTests
{
    [TestCase("all", "all")]
    [TestCase("0", "0")]
    [TestCase("0-3,5", "0-3,5")]
    [TestCase("0,1,2,3,5,7-8", "0-3,5,7-8")]
    [TestCase("8191", "8191")]
    public void Parse_RoundTripsToCanonicalText(string text, string canonical)
    {
        Assert.That(CpuSelection.TryParse(text)?.ToString(), Is.EqualTo(canonical));
    }

    [TestCase("")]
    [TestCase(" 0")]
    [TestCase("0-")]
    [TestCase("-1")]
    [TestCase("3-1")]
    [TestCase("1,1")]
    [TestCase("2,1")]
    [TestCase("0-3,3")]
    [TestCase("8192")]
    [TestCase("0,,1")]
    [TestCase("ALL")]
    [TestCase("+1")]
    public void Parse_RejectsMalformedLists(string text)
    {
        Assert.That(CpuSelection.TryParse(text), Is.Null);
    }

    [Test]
    public void Contains_ChecksMembership()
    {
        var cpus = CpuSelection.TryParse("0-3,5")!;
        Assert.That(cpus.Contains(5) && cpus.Contains(0) && !cpus.Contains(4) && !cpus.Contains(6), Is.True);
        Assert.That(cpus.Cpus, Is.EqualTo(new[] { 0, 1, 2, 3, 5 }));
    }
}
