using System.Diagnostics;

namespace AlpsGhost.Bench.Tests;

/// <summary>deploy/install.sh puts the agent, its config, defaults and unit in FHS places under a staging root
/// (DESTDIR), the unit runs the installed binary with the defaults file's arguments, and --uninstall removes
/// exactly what the install wrote. systemd is never touched with --destdir (it is not PID 1 here).</summary>
[TestFixture]
public sealed class InstallScriptTests
{
    private string _tmp = "";

    [SetUp]
    public void MakeFakePublishFolder()
    {
        _tmp = Path.Combine(Path.GetTempPath(), "alps-install-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_tmp, "pub"));
        // The script copies whatever was published; any executable file stands in for the agent here.
        File.WriteAllText(Path.Combine(_tmp, "pub", "alps-ghost-agent"), "#!/bin/sh\nexit 10\n");
        File.SetUnixFileMode(Path.Combine(_tmp, "pub", "alps-ghost-agent"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(_tmp, "pub", "libalpsghost.so"), "");
    }

    [TearDown]
    public void CleanUp() => Directory.Delete(_tmp, recursive: true);

    [Test]
    public void InstallsInFhsPlacesAndUninstallRemovesEverythingItInstalled()
    {
        string root = Path.Combine(_tmp, "root");
        (int rc, string err) = Script("--destdir", root, "--from", Path.Combine(_tmp, "pub"));
        Assert.That(rc, Is.Zero, err);
        foreach (string f in new[] { "usr/local/lib/alps-ghost/alps-ghost-agent", "usr/local/lib/alps-ghost/libalpsghost.so", "etc/alps-ghost/all.json",
            "etc/default/alps-ghost", "etc/systemd/system/alps-ghost.service", "usr/local/share/doc/alps-ghost/cli.md", "usr/local/share/alps-ghost/install-manifest" })
        {
            Assert.That(File.Exists(Path.Combine(root, f)), Is.True, f);
        }
        var link = new FileInfo(Path.Combine(root, "usr/local/bin/alps-ghost-agent"));
        Assert.That(link.LinkTarget, Is.EqualTo("/usr/local/lib/alps-ghost/alps-ghost-agent"), "bin holds a symlink, so the shim is found beside the real path");
        string unit = File.ReadAllText(Path.Combine(root, "etc/systemd/system/alps-ghost.service"));
        Assert.That(unit, Does.Contain("ExecStart=/usr/local/bin/alps-ghost-agent $ALPS_GHOST_ARGS"));
        Assert.That(unit, Does.Contain("EnvironmentFile=-/etc/default/alps-ghost").And.Contain("Type=notify"));
        Assert.That(unit, Does.Contain("RestartPreventExitStatus=2 10"), "no restart loop on a host without ghOSt (exit 10)");
        Assert.That(unit, Does.Not.Contain("@"), "every placeholder substituted");
        Assert.That(File.ReadAllText(Path.Combine(root, "etc/default/alps-ghost")), Does.Contain("ALPS_GHOST_ARGS=\"--kernel"));

        (rc, err) = Script("--uninstall", "--destdir", root);
        Assert.That(rc, Is.Zero, err);
        string[] left = Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => File.Exists(p) || new FileInfo(p).LinkTarget is not null).ToArray();
        Assert.That(left, Is.Empty, "uninstall leaves no file behind");
    }

    [Test]
    public void SystemdAnalyzeVerifiesTheInstalledUnitWithoutAWarning()
    {
        // systemd is not PID 1 here, so the unit cannot be started; systemd-analyze verify loads it as systemd would
        // (directives, ExecStart executable, dependencies) inside the staging root. Any message is a failure: a bad
        // directive value is only a warning (exit 0) to systemd.
        if (!File.Exists("/usr/bin/systemd-analyze") || !Directory.Exists("/lib/systemd/system"))
        {
            Assert.Ignore("systemd-analyze or the host's unit files are not installed");
        }
        string root = Path.Combine(_tmp, "root");
        (int rc, string err) = Script("--destdir", root, "--from", Path.Combine(_tmp, "pub"), "--kernel", "linux");
        Assert.That(rc, Is.Zero, err);
        // The targets the unit refers to (multi-user.target, sysinit.target, ...) come from the host.
        CopyDirectory("/lib/systemd/system", Path.Combine(root, "usr/lib/systemd/system"));
        (int code, string output) = Run("/usr/bin/systemd-analyze", "verify", "--root=" + root, "alps-ghost.service");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Is.Empty, "systemd-analyze verify has no complaint");
    }

    [Test]
    public void TheUnitsCommandLineParsesAndItsConfigIsValid()
    {
        // The unit runs `alps-ghost-agent $ALPS_GHOST_ARGS` with the defaults file's value: those arguments must get
        // past the agent's grammar, and the config file they name (as installed) past its validator.
        string root = Path.Combine(_tmp, "root");
        Assert.That(Script("--destdir", root, "--from", Path.Combine(_tmp, "pub"), "--kernel", "linux").Item1, Is.Zero);
        string line = File.ReadLines(Path.Combine(root, "etc/default/alps-ghost")).Single(l => l.StartsWith("ALPS_GHOST_ARGS=", StringComparison.Ordinal));
        string[] args = line["ALPS_GHOST_ARGS=".Length..].Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        System.CommandLine.ParseResult parse = AlpsGhost.Cli.AgentCommandLine.Build(TextWriter.Null, TextWriter.Null).Parse(args);
        Assert.That(parse.Errors.Select(e => e.Message), Is.Empty, line);
        Assert.That(args, Does.Contain("--kernel").And.Contain("linux"));
        int config = Array.IndexOf(args, "--config");
        Assert.That(config, Is.GreaterThanOrEqualTo(0), "the defaults name the installed config");
        Assert.That(args[config + 1], Is.EqualTo("/etc/alps-ghost/all.json"));
        Assert.DoesNotThrow(() => AlpsGhost.Config.EnclaveConfigLoader.Load(root + args[config + 1], new AlpsGhost.Config.ConfigOverrides()));
    }

    [Test]
    public void TheDefaultsFileNamesTheBackendTheInstallChose()
    {
        foreach (string kernel in new[] { "linux", "ghost" })
        {
            string root = Path.Combine(_tmp, "root-" + kernel);
            (int rc, string err) = Script("--destdir", root, "--from", Path.Combine(_tmp, "pub"), "--kernel", kernel);
            Assert.That(rc, Is.Zero, err);
            Assert.That(File.ReadAllText(Path.Combine(root, "etc/default/alps-ghost")), Does.Contain($"ALPS_GHOST_ARGS=\"--kernel {kernel} "));
        }
        // Without --kernel the host decides: ghOSt where ghostfs exists, the stock-Linux backend elsewhere.
        string auto = Path.Combine(_tmp, "root-auto");
        Assert.That(Script("--destdir", auto, "--from", Path.Combine(_tmp, "pub")).Item1, Is.Zero);
        string expected = Directory.Exists("/sys/fs/ghost") ? "ghost" : "linux";
        Assert.That(File.ReadAllText(Path.Combine(auto, "etc/default/alps-ghost")), Does.Contain($"--kernel {expected} "));

        (int bad, string message) = Script("--destdir", Path.Combine(_tmp, "root-bad"), "--kernel", "sim");
        Assert.That(bad, Is.EqualTo(2));
        Assert.That(message, Does.Contain("--kernel 'sim' is not valid: expected ghost or linux"));
    }

    [Test]
    public void AnEditedConfigIsKeptOnReinstall()
    {
        string root = Path.Combine(_tmp, "root");
        string config = Path.Combine(root, "etc/alps-ghost/all.json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, "{ \"runnable_timeout_ms\": 0 }");
        (int rc, string err) = Script("--destdir", root, "--from", Path.Combine(_tmp, "pub"));
        Assert.That(rc, Is.Zero, err);
        Assert.That(File.ReadAllText(config), Is.EqualTo("{ \"runnable_timeout_ms\": 0 }"));
        Assert.That(err, Does.Contain("kept existing /etc/alps-ghost/all.json"));
    }

    [TestCase("--prefix", "relative", "is not an absolute path")]
    [TestCase("--bogus", null, "unknown argument '--bogus'")]
    [TestCase("--profile", "aot", "--profile 'aot' is not valid: expected single-file or native-aot")]
    public void BadArgumentsExit2(string flag, string? value, string expected)
    {
        (int rc, string err) = value is null ? Script(flag) : Script(flag, value);
        Assert.That(rc, Is.EqualTo(2));
        Assert.That(err, Does.Contain(expected));
    }

    [Test]
    public void HelpIsTheHeaderCommentOnly()
    {
        (int rc, string output, _) = Exec("/bin/sh", [RepoFiles.Path("deploy/install.sh"), "--help"]);
        Assert.That(rc, Is.Zero);
        Assert.That(output, Does.Contain("--profile single-file|native-aot").And.EndWith("2 bad arguments.\n"));
        Assert.That(output, Does.Not.Contain("set -eu"), "no script line in the help");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string entry in Directory.GetFileSystemEntries(from))
        {
            string target = Path.Combine(to, Path.GetFileName(entry));
            var info = new FileInfo(entry);
            if (info.LinkTarget is string link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (Directory.Exists(entry))
            {
                CopyDirectory(entry, target);
            }
            else
            {
                File.Copy(entry, target);
            }
        }
    }

    // Exit code and stdout + stderr of a program.
    private static (int Code, string Output) Run(string program, params string[] args)
    {
        (int code, string stdout, string errors) = Exec(program, args);
        return (code, stdout + errors);
    }

    private static (int Code, string Errors) Script(params string[] args)
    {
        (int code, _, string errors) = Exec("/bin/sh", [RepoFiles.Path("deploy/install.sh"), .. args]);
        return (code, errors);
    }

    private static (int Code, string Output, string Errors) Exec(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        string errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, errors);
    }
}
