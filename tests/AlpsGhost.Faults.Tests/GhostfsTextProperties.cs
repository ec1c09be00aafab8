using AlpsGhost.Ghost.Host;
using CsCheck;

namespace AlpsGhost.Faults.Tests;

/// <summary>The ghostfs text parsers on malformed kernel text: only GhostfsFormatException escapes; well-formed lists round-trip.</summary>
public sealed class GhostfsTextProperties
{
    private const string Source = "fuzz-ghostfs";

    private static readonly Gen<string> s_text = Gen.OneOf(
        Fuzz.TextOver("0123456789,-\n \t", 24),
        Fuzz.TextOver("0123456789abcdefABCDEFxX,\n ", 40),
        Fuzz.TextOver("0123456789 \nversionactiveyesnonr_tasks", 48),
        Fuzz.Mutated("version 91\nactive yes\nnr_tasks 12\n"),
        Fuzz.Mutated("0-3,5,7-9\n"),
        Fuzz.Mutated("ff,00000001\n"),
        Fuzz.Mutated("84 90 91\n"));

    [Test]
    public void ParsersThrowOnlyGhostfsFormatException() =>
        Fuzz.Holds(s_text, text =>
        {
            Fuzz.OnlyThrows<GhostfsFormatException>(() => GhostfsText.ParseVersions(text, Source), Source);
            Fuzz.OnlyThrows<GhostfsFormatException>(() => GhostfsText.ParseCpuList(text, Source), Source);
            Fuzz.OnlyThrows<GhostfsFormatException>(() => GhostfsText.ParseCpuMask(text, Source), Source);
            Fuzz.OnlyThrows<GhostfsFormatException>(() => GhostfsText.ParseUnsigned(text, Source), Source);
            Fuzz.OnlyThrows<GhostfsFormatException>(() => EnclaveStatus.Parse(text, Source), Source);
        }, iter: 5000);

    [Test]
    public void CpuListAndMaskRoundTrip() =>
        Fuzz.Holds(Gen.Int[0, 1023].Array[0, 40], cpus =>
        {
            int[] expected = [.. cpus.Distinct().Order()];
            Assert.That(GhostfsText.ParseCpuList(GhostfsText.FormatCpuList(expected), Source), Is.EqualTo(expected));
            Assert.That(GhostfsText.ParseCpuMask(GhostfsText.FormatCpuMask(expected), Source), Is.EqualTo(expected));
        }, iter: 2000);
}
