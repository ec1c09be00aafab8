namespace AlpsGhost.Ghost.Tests;

/// <summary>The two shared guards of issue 17: size-limited reads of regular files only, and time arithmetic that
/// saturates instead of wrapping.</summary>
public class BoundedFileAndTimeTests
{
    [Test]
    public void AFileOverTheLimitIsRefusedAfterReadingAtMostOneByteMore()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, new string('x', 101));
            Assert.That(() => BoundedFile.ReadAllText(path, maxBytes: 100),
                Throws.InstanceOf<IOException>().With.Message.EqualTo($"{path} is larger than 100 bytes, the limit of an input file"));
            Assert.That(BoundedFile.ReadAllText(path, maxBytes: 101), Has.Length.EqualTo(101), "exactly the limit is fine");
            File.WriteAllText(path, "\uFEFFa\r\nb\nc");
            Assert.That(BoundedFile.ReadAllLines(path), Is.EqualTo(new[] { "a", "b", "c" }), "BOM dropped, any line ending");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("/dev/zero", "character device")]
    [TestCase("/dev/null", "character device")]
    [TestCase("/", "directory")]
    public void ANonRegularFileIsRefusedByKind(string path, string kind)
    {
        Assert.That(() => BoundedFile.ReadAllText(path), Throws.InstanceOf<IOException>().With.Message.EqualTo($"{path} is a {kind}, not a regular file"));
    }

    [Test]
    public void AMissingFileIsFileNotFound()
    {
        Assert.That(() => BoundedFile.ReadAllText("/nonexistent/alps.json"), Throws.InstanceOf<FileNotFoundException>());
    }

    [TestCase(0L, 5L, 5L)]
    [TestCase(long.MaxValue - 5, 5L, long.MaxValue)]
    [TestCase(long.MaxValue - 5, 6L, long.MaxValue)]
    [TestCase(long.MaxValue, long.MaxValue, long.MaxValue)]
    [TestCase(-10L, long.MaxValue, long.MaxValue - 10)]
    public void SaturatingAddNeverWrapsIntoThePast(long a, long b, long expected)
    {
        Assert.That(Nanoseconds.SaturatingAdd(a, b), Is.EqualTo(expected));
    }

    [TestCase(1.0, 1_000_000L)]
    [TestCase(1e300, long.MaxValue)]
    [TestCase(9.3e12, long.MaxValue)]
    [TestCase(-5.0, 0L)]
    [TestCase(double.NaN, 0L)]
    public void MillisecondsToNanosecondsClampsInsteadOfOverflowing(double ms, long expected)
    {
        Assert.That(Nanoseconds.FromMilliseconds(ms), Is.EqualTo(expected));
    }
}
