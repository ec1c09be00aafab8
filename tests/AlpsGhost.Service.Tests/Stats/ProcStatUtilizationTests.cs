using AlpsGhost.Service.Stats;

namespace AlpsGhost.Service.Tests.Stats;

/// <summary>Enclave CPU utilization from /proc/stat fixtures: busy = total - idle - iowait, between samples, enclave CPUs only.</summary>
public class ProcStatUtilizationTests
{
    private const string Header = "cpu  9999 0 9999 9999 0 0 0 0 0 0\n";

    [Test]
    public void UtilizationIsBusyShareOfTheEnclaveCpusBetweenSamples()
    {
        using var dir = new TempDir();
        string path = dir.File("stat");
        //                     user nice system idle iowait irq softirq steal guest guest_nice
        File.WriteAllText(path, Header +
            "cpu0 100 0 100 800 0 0 0 0 0 0\n" +
            "cpu1 0 0 0 1000 0 0 0 0 0 0\n" +
            "cpu2 500 0 0 500 0 0 0 0 0 0\nintr 12345\nctxt 999\n");
        var probe = new ProcStatUtilization([0, 2], path);
        Assert.That(probe.Sample(), Is.EqualTo(100.0 * (200 + 500) / 2000).Within(1e-9), "first sample: since boot");

        File.WriteAllText(path, Header +
            "cpu0 150 10 140 850 50 0 0 0 77 0\n" + // +100 busy (guest not added: it is inside user), +50 idle, +50 iowait
            "cpu1 900 0 0 1000 0 0 0 0 0 0\n" +     // not an enclave CPU: ignored
            "cpu2 500 0 0 700 0 0 0 0 0 0\n");      // +200 idle
        Assert.That(probe.Sample(), Is.EqualTo(100.0 * 100 / 400).Within(1e-9), "busy 100 of 400 ticks on cpus 0 and 2");
        Assert.That(probe.Sample(), Is.Zero, "no time passed: 0, not NaN");
    }

    [Test]
    public void MissingCpuOrMalformedLineIsAClearError()
    {
        using var dir = new TempDir();
        string path = dir.File("stat");
        File.WriteAllText(path, Header + "cpu0 1 2 3 4 5 6 7 8 0 0\n");
        Assert.That(() => new ProcStatUtilization([0, 3], path).Sample(),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("no line for cpu3"));
        File.WriteAllText(path, Header + "cpu0 1 2 x 4 5 6 7 8 0 0\n");
        Assert.That(() => new ProcStatUtilization([0], path).Sample(),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("field 3 'x'"));
    }

    [Test]
    public void RealProcStatGivesAPercentage()
    {
        double u = new ProcStatUtilization([0]).Sample();
        Assert.That(u, Is.InRange(0.0, 100.0));
    }
}
