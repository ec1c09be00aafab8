using System.Diagnostics;
using AlpsGhost.Config;
using AlpsGhost.Service.Registration;

namespace AlpsGhost.Service.Tests.Registration;

/// <summary>Issue 17 items 4-6: hostile but realistic clients of the registration socket (real sockets, real
/// processes). Each test failed on the code before the fix.</summary>
public class HostileClientTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private static RegistrationSocketConfig Config(TempDir dir, int maxClients = 64, int[]? allowedUids = null) => new()
    {
        Path = dir.File("register.sock"),
        MaxClients = maxClients,
        Mode = Convert.ToInt32("666", 8),
        AllowedUids = new EquatableArray<int>(allowedUids ?? []),
    };

    [Test]
    public async Task ALoneSurrogateGetsErrAndTheEarlierLineOfTheSameWriteIsStillAcknowledged()
    {
        // Protects: every line gets its reply even when a later line of the same read is bad; before, the
        // surrogate threw, the connection dropped and the applied REGISTER was never acknowledged.
        using var dir = new TempDir();
        var table = new RegistrationTable();
        await using var server = new RegistrationServer(Config(dir), table);
        server.Start();
        using LineClient c = await LineClient.ConnectAsync(dir.File("register.sock"));

        await c.SendAsync($"REGISTER {Environment.ProcessId} fib\n{{\"pid\": 1, \"function_name\": \"\\ud800\"}}\n");
        Assert.That(await c.ReadLineAsync(), Is.EqualTo("OK"), "the REGISTER that was applied is acknowledged");
        Assert.That(await c.ReadLineAsync(), Does.StartWith("ERR invalid string"), "the bad line is rejected by name");
        Assert.That(await c.RequestAsync("PING"), Is.EqualTo("OK"), "and the connection stays");
        Assert.That(table.TryGet(1, out _), Is.False);
    }

    [Test]
    public async Task AnUntrustedPeersRightToItsOwnPidEndsWithItsProcess()
    {
        // Protects: rights come from the process (pidfd), not the pid number. The connecting process forks and
        // exits; its child, still holding the connection, claims the dead parent's pid, which the kernel may
        // already have given to another user's process. Before, that REGISTER was accepted.
        Assume.That(File.Exists(Perl), Is.True, "needs perl to fork a client");
        using var dir = new TempDir();
        var table = new RegistrationTable();
        RegistrationSocketConfig config = Config(dir, allowedUids: [12345]);
        await using var server = new RegistrationServer(config, table, new RegistrationTrustPolicy(config, RootIsTrusted: false));
        server.Start();

        const string Script = """
            use strict; use IO::Socket::UNIX; use Socket;
            my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $ARGV[0]) or die "connect: $!";
            $s->autoflush(1);
            print $s "PING\n"; my $ok = <$s>;
            my $parent = $$;
            my $child = fork(); die "fork: $!" unless defined $child;
            exit 0 if $child;
            for (1 .. 4000) { last unless kill(0, $parent); select(undef, undef, undef, 0.005); }
            print $s "REGISTER $parent fib\n";
            my $reply = <$s>;
            print STDOUT "$parent $reply";
            """;
        string output = await RunPerlAsync(Script, config.Path);
        string[] parts = output.Trim().Split(' ', 2);
        Assert.That(parts, Has.Length.EqualTo(2), $"perl output: '{output}'");
        int deadPid = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(parts[1], Does.StartWith("ERR not permitted: the connecting process"));
        Assert.That(table.TryGet(deadPid, out _), Is.False, "nothing registered for a pid its owner no longer holds");
    }

    [Test]
    public async Task ARegistrationEndsWhenItsProcessExits()
    {
        // Protects: table entries follow the live processes; before, an entry outlived its process and would
        // have named whatever process got the pid next.
        using var dir = new TempDir();
        var table = new RegistrationTable();
        await using var server = new RegistrationServer(Config(dir), table);
        server.Start();
        using Process sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            using LineClient c = await LineClient.ConnectAsync(dir.File("register.sock"));
            Assert.That(await c.RequestAsync($"REGISTER {sleeper.Id} fib"), Is.EqualTo("OK"));
            Assert.That(table.TryGet(sleeper.Id, out _), Is.True);
            Assert.That(await c.RequestAsync("REGISTER 999999999 fib"), Does.StartWith("ERR no process with pid 999999999"),
                "a pid with no process cannot be registered");
        }
        finally
        {
            sleeper.Kill();
            using var cts = new CancellationTokenSource(Guard);
            await sleeper.WaitForExitAsync(cts.Token);
        }
        Assert.That(table.TryGet(sleeper.Id, out _), Is.False, "the entry ended with its process");
        Assert.That(table.Sweep(), Is.EqualTo(1), "and the sweep frees it");
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public async Task IdleConnectionsAreClosedSoTheyCannotLockOthersOut()
    {
        // Protects: before, MaxClients silent connections held the socket for ever and every other client got
        // "too many clients".
        using var dir = new TempDir();
        await using var server = new RegistrationServer(Config(dir, maxClients: 2), new RegistrationTable(),
            idleTimeout: TimeSpan.FromMilliseconds(200));
        server.Start();
        using LineClient idle1 = await LineClient.ConnectAsync(dir.File("register.sock"));
        using LineClient idle2 = await LineClient.ConnectAsync(dir.File("register.sock"));
        Assert.That(await idle1.RequestAsync("PING"), Is.EqualTo("OK"));
        Assert.That(await idle2.RequestAsync("PING"), Is.EqualTo("OK"));

        Assert.That(await idle1.ReadLineAsync(), Is.EqualTo("ERR idle timeout (0.2 s without a line)"));
        Assert.That(await idle1.ReadLineAsync(), Is.Null, "then it is closed");
        Assert.That(await idle2.ReadLineAsync(), Is.EqualTo("ERR idle timeout (0.2 s without a line)"));
        Assert.That(await idle2.ReadLineAsync(), Is.Null, "closed, and its slot is free by then");
        using LineClient late = await LineClient.ConnectAsync(dir.File("register.sock"));
        Assert.That(await late.RequestAsync("PING"), Is.EqualTo("OK"), "a new client is served");
    }

    [Test]
    public async Task OneUntrustedUidGetsOnlyItsShareOfTheConnections()
    {
        // Protects: per-uid shares; before, one user holding MaxClients connections locked out everyone else.
        Assume.That(File.Exists(Perl) && Environment.UserName == "root", Is.True, "needs perl and root (to become nobody)");
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        RegistrationSocketConfig config = Config(dir, maxClients: 4);
        await using var server = new RegistrationServer(config, new RegistrationTable());
        server.Start();
        Assert.That(server.PerUidShare, Is.EqualTo(1));

        const string Script = """
            use strict; use POSIX; use IO::Socket::UNIX; use Socket;
            POSIX::setgid(65534); POSIX::setuid(65534) or die "setuid: $!";
            my @held;
            for (1 .. 4) {
                my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $ARGV[0]) or die "connect: $!";
                $s->autoflush(1);
                print $s "PING\n";
                my $r = <$s>; $r = "closed\n" unless defined $r;
                print STDOUT $r; STDOUT->flush();
                push @held, $s;
            }
            print STDOUT "holding\n"; STDOUT->flush();
            my $wait = <STDIN>;
            """;
        var psi = new ProcessStartInfo(Perl) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(config.Path);
        using Process perl = Process.Start(psi)!;
        try
        {
            var lines = new List<string>();
            using var cts = new CancellationTokenSource(Guard);
            while (lines.Count < 5 && await perl.StandardOutput.ReadLineAsync(cts.Token) is string line)
            {
                lines.Add(line);
            }
            if (lines.Count < 5)
            {
                Assert.Fail($"perl printed {string.Join(" | ", lines)}; stderr: {await perl.StandardError.ReadToEndAsync(cts.Token)}");
            }
            Assert.That(lines[0], Is.EqualTo("OK"));
            Assert.That(lines.Skip(1).Take(3), Is.All.EqualTo("ERR too many clients of uid 65534 (max 1 per uid)"));
            using LineClient root = await LineClient.ConnectAsync(config.Path);
            Assert.That(await root.RequestAsync("PING"), Is.EqualTo("OK"), "another (trusted) user still gets in");
        }
        finally
        {
            perl.StandardInput.Close();
            using var cts = new CancellationTokenSource(Guard);
            await perl.WaitForExitAsync(cts.Token);
        }
    }

    private const string Perl = "/usr/bin/perl";

    private static async Task<string> RunPerlAsync(string script, string socketPath)
    {
        var psi = new ProcessStartInfo(Perl) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(socketPath);
        using Process p = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(Guard);
        // The forked child keeps stdout open: reading to its end waits for the child too.
        string output = await p.StandardOutput.ReadToEndAsync(cts.Token);
        await p.WaitForExitAsync(cts.Token);
        return output;
    }
}
