using AlpsGhost.Ghost.Host;

namespace AlpsGhost.Ghost.Tests.Host;

/// <summary>ghostfs text formats parse as the kernel prints them, and malformed input is rejected with GhostfsFormatException.</summary>
public class GhostfsTextTests
{
    [TestCase("91\n", new[] { 91 })]
    [TestCase("75\n74\n", new[] { 75, 74 })]
    [TestCase("84\n\n91", new[] { 84, 91 })]
    public void VersionFileListsOneAbiPerLine(string text, int[] expected) =>
        Assert.That(GhostfsText.ParseVersions(text), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("\n\n")]
    [TestCase("91 90\n")]
    [TestCase("v91\n")]
    [TestCase("-1\n")]
    [TestCase("99999999999999999999\n")]
    public void MalformedVersionFilesAreRejected(string text)
    {
        var e = Assert.Throws<GhostfsFormatException>(() => GhostfsText.ParseVersions(text, "/sys/fs/ghost/version"))!;
        Assert.That(e.Message, Does.StartWith("/sys/fs/ghost/version: unexpected"));
    }

    [TestCase("0-3,5\n", new[] { 0, 1, 2, 3, 5 })]
    [TestCase("7", new[] { 7 })]
    [TestCase("2-2,1,0-1", new[] { 0, 1, 2 })]
    [TestCase("\n", new int[0])]
    [TestCase("0-63", null)]
    public void CpuListParses(string text, int[]? expected)
    {
        int[] cpus = GhostfsText.ParseCpuList(text);
        Assert.That(cpus, Is.EqualTo(expected ?? Enumerable.Range(0, 64).ToArray()));
    }

    [TestCase("3-1")]
    [TestCase("1,,2")]
    [TestCase("a-b")]
    [TestCase("1-")]
    [TestCase("-4")]
    [TestCase("0-99999")]
    [TestCase("1 2")]
    public void MalformedCpuListsAreRejected(string text) =>
        Assert.Throws<GhostfsFormatException>(() => GhostfsText.ParseCpuList(text));

    [TestCase(new[] { 0, 1, 2, 3, 5 }, "0-3,5")]
    [TestCase(new[] { 1, 3, 5 }, "1,3,5")]
    [TestCase(new int[0], "")]
    public void CpuListFormatsLikeTheKernel(int[] cpus, string expected)
    {
        Assert.That(GhostfsText.FormatCpuList(cpus), Is.EqualTo(expected));
        Assert.That(GhostfsText.ParseCpuList(expected), Is.EqualTo(cpus));
    }

    [TestCase("2f\n", new[] { 0, 1, 2, 3, 5 })]
    [TestCase("00000000,0000002f\n", new[] { 0, 1, 2, 3, 5 })]
    [TestCase("00000001,00000000", new[] { 32 })]
    [TestCase("80000000,00000000,00000001", new[] { 0, 95 })]
    [TestCase("0", new int[0])]
    [TestCase("0xF", new[] { 0, 1, 2, 3 })]
    public void CpuMaskParsesCommaSeparated32BitGroups(string text, int[] expected) =>
        Assert.That(GhostfsText.ParseCpuMask(text), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("xyz")]
    [TestCase("1,,2")]
    [TestCase("123456789,0")]
    [TestCase("0000000g")]
    public void MalformedCpuMasksAreRejected(string text) =>
        Assert.Throws<GhostfsFormatException>(() => GhostfsText.ParseCpuMask(text));

    [Test]
    public void HugeMasksAreRejectedWithoutAllocatingForThem() =>
        Assert.Throws<GhostfsFormatException>(() => GhostfsText.ParseCpuMask(new string('f', 100_000)));

    [Test]
    public void CpuMaskRoundTrips()
    {
        var rng = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            int[] cpus = Enumerable.Range(0, 200).Where(_ => rng.Next(3) == 0).ToArray();
            string mask = GhostfsText.FormatCpuMask(cpus);
            Assert.That(GhostfsText.ParseCpuMask(mask), Is.EqualTo(cpus), mask);
            Assert.That(GhostfsText.ParseCpuList(GhostfsText.FormatCpuList(cpus)), Is.EqualTo(cpus));
        }
        Assert.That(GhostfsText.FormatCpuMask([0, 1, 2, 3, 5, 32]), Is.EqualTo("00000001,0000002f"));
    }

    [Test]
    public void StatusParsesTheThreeKeys()
    {
        Assert.That(EnclaveStatus.Parse("version 91\nactive yes\nnr_tasks 12\n"), Is.EqualTo(new EnclaveStatus(91, true, 12)));
        Assert.That(EnclaveStatus.Parse("version 84\nactive no\nnr_tasks 0\nfuture_key 1\n"), Is.EqualTo(new EnclaveStatus(84, false, 0)));
    }

    [TestCase("version 91\nactive yes\n")]
    [TestCase("version 91\nactive maybe\nnr_tasks 1\n")]
    [TestCase("version x\nactive yes\nnr_tasks 1\n")]
    [TestCase("version 91\nversion 91\nactive yes\nnr_tasks 1\n")]
    [TestCase("version91\nactive yes\nnr_tasks 1\n")]
    [TestCase("")]
    public void MalformedStatusIsRejected(string text) =>
        Assert.Throws<GhostfsFormatException>(() => EnclaveStatus.Parse(text));

    [Test]
    public void RandomGarbageNeverEscapesAsAnotherException()
    {
        var rng = new Random(99);
        int parsed = 0, rejected = 0;
        const string alphabet = "0123456789abcdefx,-\n yesnoactive_versionr";
        for (int i = 0; i < 3000; i++)
        {
            string s = new(Enumerable.Range(0, rng.Next(0, 40)).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray());
            foreach (Action parse in new Action[]
            {
                () => GhostfsText.ParseVersions(s), () => GhostfsText.ParseCpuList(s),
                () => GhostfsText.ParseCpuMask(s), () => EnclaveStatus.Parse(s),
            })
            {
                try
                {
                    parse();
                    parsed++;
                }
                catch (GhostfsFormatException)
                {
                    rejected++;
                }
            }
        }
        // Any other exception has already failed the test; both outcomes must occur, or the inputs prove nothing.
        Assert.That(parsed, Is.GreaterThan(0), "some random inputs are valid ghostfs text");
        Assert.That(rejected, Is.GreaterThan(0), "most are rejected, with the documented exception only");
    }
}
