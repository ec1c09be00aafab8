using System.Text;

namespace AlpsGhost.Linux.Tests;

/// <summary>The /proc parsers on real-looking and hostile text.</summary>
public class ProcFsTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Test]
    public void Stat_comm_may_hold_parentheses_and_spaces_and_start_time_is_field_22()
    {
        string fields = string.Join(' ', Enumerable.Range(3, 50).Select(i => i == 3 ? "S" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(ProcFs.TryParseStat(B("1234 (a) b (c) " + fields), out ReadOnlySpan<byte> comm, out long start), Is.True);
        Assert.That(Encoding.UTF8.GetString(comm), Is.EqualTo("a) b (c"));
        Assert.That(start, Is.EqualTo(22));
    }

    [Test]
    public void Truncated_or_garbage_stat_is_not_available()
    {
        Assert.That(ProcFs.TryParseStat(B("1234 (x) S 1 2 3"), out _, out _), Is.False);
        Assert.That(ProcFs.TryParseStat(B("garbage"), out _, out _), Is.False);
        Assert.That(ProcFs.TryParseStat(B(")("), out _, out _), Is.False);
        Assert.That(ProcFs.TryParseStat(B("1 (" + new string('x', 100) + ") S"), out _, out _), Is.False, "comm longer than the kernel allows");
    }

    [Test]
    public void Schedstat_reads_cpu_and_wait()
    {
        Assert.That(ProcFs.TryParseSchedstat(B("123456 789 12\n"), out long cpu, out long wait), Is.True);
        Assert.That((cpu, wait), Is.EqualTo((123456L, 789L)));
        Assert.That(ProcFs.TryParseSchedstat(B("123456"), out _, out _), Is.False);
        Assert.That(ProcFs.TryParseSchedstat(B("-5 3 1"), out _, out _), Is.False);
        Assert.That(ProcFs.TryParseSchedstat(B("x y z"), out _, out _), Is.False);
        Assert.That(ProcFs.TryParseSchedstat(B("99999999999999999999999 1 1"), out _, out _), Is.False, "overflow");
    }

    [Test]
    public void Oracle_demand_is_read_only_from_a_well_formed_entry()
    {
        Assert.That(ProcFs.ParseOracleDemand(B("A=1\0ALPS_ORACLE_CPU_NS=25000000\0B=2\0")), Is.EqualTo(25_000_000));
        Assert.That(ProcFs.ParseOracleDemand(B("ALPS_ORACLE_CPU_NS=25000000")), Is.EqualTo(25_000_000), "last entry without NUL");
        Assert.That(ProcFs.ParseOracleDemand(B("XALPS_ORACLE_CPU_NS=5\0")), Is.Zero);
        Assert.That(ProcFs.ParseOracleDemand(B("ALPS_ORACLE_CPU_NS=12ms\0")), Is.Zero);
        Assert.That(ProcFs.ParseOracleDemand(B("ALPS_ORACLE_CPU_NS=-4\0")), Is.Zero);
        Assert.That(ProcFs.ParseOracleDemand(B("ALPS_ORACLE_CPU_NS=\0")), Is.Zero);
        Assert.That(ProcFs.ParseOracleDemand(B("")), Is.Zero);
    }

    [Test]
    public void Cgroup_path_prefers_v2_then_the_v1_cpu_controller()
    {
        Assert.That(ProcFs.ParseCgroupPath(B("12:cpu,cpuacct:/alps/f1\n0::/user.slice\n")), Is.EqualTo("/user.slice"));
        Assert.That(ProcFs.ParseCgroupPath(B("4:memory:/m\n3:cpu,cpuacct:/alps/f1\n")), Is.EqualTo("/alps/f1"));
        Assert.That(ProcFs.ParseCgroupPath(B("nonsense")), Is.Empty);
    }

    [Test]
    public void Task_paths_are_nul_terminated()
    {
        Span<byte> path = stackalloc byte[64];
        int n = ProcFs.TaskPath(path, 12, 34, "schedstat"u8);
        Assert.That(Encoding.ASCII.GetString(path[..n]), Is.EqualTo("/proc/12/task/34/schedstat\0"));
    }
}

/// <summary>The privilege pre-check reads the effective capability set.</summary>
public class LinuxPrivilegesTests
{
    [Test]
    public void Missing_capabilities_are_named_and_a_full_set_passes()
    {
        string dir = Path.Combine(Path.GetTempPath(), "alps-caps-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "status");
            File.WriteAllText(path, "Name:\tx\nCapEff:\t0000000000000000\n");
            Assert.That(LinuxPrivileges.Missing(path), Is.EqualTo("CAP_SYS_NICE, CAP_NET_ADMIN"));
            File.WriteAllText(path, "CapEff:\t0000000000801000\n"); // bits 12 and 23
            Assert.That(LinuxPrivileges.Missing(path), Is.Null);
            File.WriteAllText(path, "CapEff:\t0000000000800000\n");
            Assert.That(LinuxPrivileges.Missing(path), Is.EqualTo("CAP_NET_ADMIN"));
            File.WriteAllText(path, "CapEff:\tzz\n");
            Assert.That(LinuxPrivileges.Missing(path), Is.Not.Null, "unreadable = nothing effective");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
