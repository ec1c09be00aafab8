using AlpsGhost.Config;
using AlpsGhost.Service.Registration;

namespace AlpsGhost.Service.Tests.Registration;

/// <summary>The registration socket over real Unix sockets: protocol, bounds and trust.</summary>
public class RegistrationServerTests
{
    private static readonly int MyPid = Environment.ProcessId;

    // A registration lives as long as its process, so the tests register pids that run: init (always there) and
    // the test process itself.
    private const int InitPid = 1;

    private static RegistrationSocketConfig Config(TempDir dir, int maxLineBytes = 4096, int maxClients = 64, int maxLinesPerS = 1000,
        int[]? allowedUids = null, int[]? allowedGids = null) => new()
        {
            Path = dir.File("register.sock"),
            MaxLineBytes = maxLineBytes,
            MaxClients = maxClients,
            MaxLinesPerS = maxLinesPerS,
            AllowedUids = new EquatableArray<int>(allowedUids ?? []),
            AllowedGids = new EquatableArray<int>(allowedGids ?? []),
        };

    [Test]
    public async Task RegisterPingUnregisterRoundTrip()
    {
        using var dir = new TempDir();
        var table = new RegistrationTable();
        await using var server = new RegistrationServer(Config(dir), table);
        server.Start();
        using LineClient c = await LineClient.ConnectAsync(dir.File("register.sock"));

        Assert.That(await c.RequestAsync("PING"), Is.EqualTo("OK"));
        Assert.That(await c.RequestAsync("REGISTER 1 fib-short seal_priority=3"), Is.EqualTo("OK"), "root is trusted: any pid");
        Assert.That(table.TryGet(InitPid, out RegistrationEntry e), Is.True);
        Assert.That(e, Is.EqualTo(new RegistrationEntry("fib-short", 3, true, MyPid)), "function, hint, trust and the SO_PEERCRED pid");
        Assert.That(await c.RequestAsync("UNREGISTER 1"), Is.EqualTo("OK"));
        Assert.That(table.TryGet(InitPid, out _), Is.False);
        Assert.That(await c.RequestAsync("UNREGISTER 1"), Does.StartWith("ERR pid 1 is not registered"));
    }

    [Test]
    public async Task JsonLinesRegisterAsTheConfigurationReferenceDescribes()
    {
        using var dir = new TempDir();
        var table = new RegistrationTable();
        await using var server = new RegistrationServer(Config(dir), table);
        server.Start();
        using LineClient c = await LineClient.ConnectAsync(dir.File("register.sock"));

        Assert.That(await c.RequestAsync("{\"pid\": 1, \"function_name\": \"resize\", \"seal_priority\": \"2\", \"other\": 1}"), Is.EqualTo("OK"));
        Assert.That(table.TryGet(InitPid, out RegistrationEntry e) ? e.Function + "/" + e.RankHint : null, Is.EqualTo("resize/2"));
        Assert.That(await c.RequestAsync($"{{\"pid\": {MyPid}, \"function_name\": \"x\", \"seal_priority\": 0}}"), Is.EqualTo("OK"));
        Assert.That(table.TryGet(MyPid, out e) && e.RankHint is null, Is.True, "seal_priority 0 means no hint (OpenLambda's default)");
        Assert.That(await c.RequestAsync("{\"pid\": \"31\", \"function_name\": \"x\"}"), Does.StartWith("ERR \"pid\""));
        Assert.That(await c.RequestAsync("{\"pid\": 33}"), Does.StartWith("ERR \"function_name\""));
        Assert.That(await c.RequestAsync("{\"pid\": 33, \"function_name\": \"a b\"}"), Does.StartWith("ERR function name"));
        Assert.That(await c.RequestAsync("{\"pid\": 33,"), Does.StartWith("ERR malformed JSON"));
        Assert.That(await c.RequestAsync("{\"a\":[[[[[1]]]]]}"), Does.StartWith("ERR malformed JSON"), "nesting is bounded");
        Assert.That(await c.RequestAsync("PING"), Is.EqualTo("OK"));
    }

    [Test]
    public async Task ManyPipelinedLinesAreAllAnsweredInOrder()
    {
        using var dir = new TempDir();
        var table = new RegistrationTable();
        await using var server = new RegistrationServer(Config(dir, maxLinesPerS: 1_000_000), table);
        server.Start();
        using LineClient c = await LineClient.ConnectAsync(dir.File("register.sock"));
        const int Lines = 20_000;
        var request = new System.Text.StringBuilder();
        for (int i = 1; i <= Lines; i++)
        {
            // Every 1000th line is malformed: its ERR must come back in its place.
            request.Append(i % 1000 == 0 ? "BOGUS" : $"REGISTER {(i % 2 == 0 ? InitPid : MyPid)} fn-{i % 7}").Append('\n');
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Task send = c.SendAsync(request.ToString());
        for (int i = 1; i <= Lines; i++)
        {
            string? reply = await c.ReadLineAsync();
            Assert.That(reply, i % 1000 == 0 ? Does.StartWith("ERR unknown command") : Is.EqualTo("OK"), $"reply {i}");
        }
        await send;
        clock.Stop();
        Assert.That(table.Count, Is.EqualTo(2), "two live pids, registered again and again");
        TestContext.Out.WriteLine($"{Lines} pipelined lines in {clock.Elapsed.TotalMilliseconds:F0} ms ({Lines / clock.Elapsed.TotalSeconds:F0} lines/s)");
    }

    [Test]
    public async Task AStaleSocketIsReplacedButALiveOneIsNot()
    {
        using var dir = new TempDir();
        RegistrationSocketConfig config = Config(dir);
        using (var stale = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            stale.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(config.Path)); // bound, never listening: a crashed run's file
        }
        await using var first = new RegistrationServer(config, new RegistrationTable());
        first.Start();
        using (LineClient c = await LineClient.ConnectAsync(config.Path))
        {
            Assert.That(await c.RequestAsync("PING"), Is.EqualTo("OK"), "the stale file was replaced");
        }
        var second = new RegistrationServer(config, new RegistrationTable());
        Assert.That(second.Start, Throws.InstanceOf<IOException>().With.Message.Contains("another process is listening"));
        using (LineClient c = await LineClient.ConnectAsync(config.Path))
        {
            Assert.That(await c.RequestAsync("PING"), Is.EqualTo("OK"), "the running server keeps its socket");
        }
    }

    [Test]
    public void MissingDirectoryIsAClearError()
    {
        using var dir = new TempDir();
        var server = new RegistrationServer(new RegistrationSocketConfig { Path = dir.File("nope/register.sock") }, new RegistrationTable());
        Assert.That(server.Start, Throws.InstanceOf<IOException>().With.Message.Contains("does not exist"));
    }

    [Test]
    public void SocketFileGetsTheConfiguredMode()
    {
        using var dir = new TempDir();
        RegistrationSocketConfig config = Config(dir) with { Mode = Convert.ToInt32("600", 8) };
        var server = new RegistrationServer(config, new RegistrationTable());
        server.Start();
        try
        {
            Assert.That(File.GetUnixFileMode(config.Path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Assert.That(File.Exists(config.Path), Is.False, "the socket file is removed at stop");
    }

    [Test]
    public void RefusesToReplaceAFileThatIsNotASocket()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("register.sock"), "precious");
        var server = new RegistrationServer(Config(dir), new RegistrationTable());
        Assert.That(server.Start, Throws.InstanceOf<IOException>().With.Message.Contains("is not a socket"));
        Assert.That(File.ReadAllText(dir.File("register.sock")), Is.EqualTo("precious"));
    }

    [Test]
    public async Task MalformedLinesGetErrAndTheConnectionKeepsWorking()
    {
        using var dir = new TempDir();
        var table = new RegistrationTable();
        await using var server = new RegistrationServer(Config(dir), table);
        server.Start();
        using LineClient c = await LineClient.ConnectAsync(dir.File("register.sock"));

        string[] bad =
        [
            "HELLO", "REGISTER", "REGISTER abc fib", "REGISTER 0 fib", "REGISTER -5 fib", "REGISTER 99999999999 fib",
            "REGISTER 12 fib extra=1", "REGISTER 12 fib seal_priority=x", "REGISTER 12  fib", "PING now", "UNREGISTER",
            "", "REGISTER 12 " + new string('f', 256),
        ];
        foreach (string line in bad)
        {
            Assert.That(await c.RequestAsync(line), Does.StartWith("ERR "), $"'{line}' is malformed");
        }
        await c.SendAsync([0xff, 0xfe, (byte)'\n']);
        Assert.That(await c.ReadLineAsync(), Is.EqualTo("ERR invalid UTF-8"));
        Assert.That(await c.RequestAsync("PING\r"), Is.EqualTo("OK"), "CRLF is tolerated");
        Assert.That(await c.RequestAsync("REGISTER 1 fib"), Is.EqualTo("OK"), "the connection still serves after errors");
        Assert.That(table.Count, Is.EqualTo(1), "no malformed line registered anything");
    }

    [Test]
    public async Task OversizedLineClosesOnlyThatConnection()
    {
        using var dir = new TempDir();
        await using var server = new RegistrationServer(Config(dir, maxLineBytes: 64), new RegistrationTable());
        server.Start();
        using LineClient other = await LineClient.ConnectAsync(dir.File("register.sock"));
        Assert.That(await other.RequestAsync("PING"), Is.EqualTo("OK"));

        using (LineClient noNewline = await LineClient.ConnectAsync(dir.File("register.sock")))
        {
            // 100 KiB without '\n': the server must refuse after 64 bytes, not buffer it all.
            await noNewline.SendAsync(new string('x', 100 * 1024));
            Assert.That(await noNewline.ReadLineAsync(), Is.EqualTo("ERR line too long (max 64 bytes)"));
            Assert.That(await noNewline.ReadLineAsync(), Is.Null, "then the connection is closed");
        }
        using (LineClient longLine = await LineClient.ConnectAsync(dir.File("register.sock")))
        {
            await longLine.SendAsync("REGISTER 5 " + new string('y', 60) + "\nPING\n");
            Assert.That(await longLine.ReadLineAsync(), Is.EqualTo("ERR line too long (max 64 bytes)"));
            Assert.That(await longLine.ReadLineAsync(), Is.Null, "lines after the oversized one are not served");
        }
        Assert.That(await other.RequestAsync("PING"), Is.EqualTo("OK"), "other clients are unaffected");
        string exactly64 = "REGISTER 1 " + new string('z', 64 - "REGISTER 1 ".Length);
        Assert.That(await other.RequestAsync(exactly64), Is.EqualTo("OK"), "a line of exactly max bytes is accepted");
    }

    [Test]
    public async Task ConnectionsBeyondMaxClientsAreRefused()
    {
        using var dir = new TempDir();
        await using var server = new RegistrationServer(Config(dir, maxClients: 3), new RegistrationTable());
        server.Start();
        var held = new List<LineClient>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                LineClient c = await LineClient.ConnectAsync(dir.File("register.sock"));
                held.Add(c);
                Assert.That(await c.RequestAsync("PING"), Is.EqualTo("OK"), $"client {i} is within the bound");
            }
            for (int i = 0; i < 5; i++)
            {
                using LineClient extra = await LineClient.ConnectAsync(dir.File("register.sock"));
                Assert.That(await extra.ReadLineAsync(), Is.EqualTo("ERR too many clients (max 3)"));
                Assert.That(await extra.ReadLineAsync(), Is.Null, "and is closed");
            }
            Assert.That(server.ActiveClients, Is.EqualTo(3));
            Assert.That(server.RefusedClients, Is.EqualTo(5));
            Assert.That(await held[0].RequestAsync("PING"), Is.EqualTo("OK"), "the admitted clients are still served");
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task UntrustedPeerMayOnlyRegisterItsOwnPid()
    {
        using var dir = new TempDir();
        var table = new RegistrationTable();
        // We run as root: treat root as an ordinary uid that is not in the allowed list.
        RegistrationSocketConfig config = Config(dir, allowedUids: [12345]);
        await using var server = new RegistrationServer(config, table, new RegistrationTrustPolicy(config, RootIsTrusted: false));
        server.Start();
        using LineClient c = await LineClient.ConnectAsync(config.Path);

        Assert.That(await c.RequestAsync($"REGISTER {MyPid + 1} fib"), Does.StartWith("ERR not permitted"));
        Assert.That(table.TryGet(MyPid + 1, out _), Is.False, "nothing registered for another pid");
        Assert.That(await c.RequestAsync($"REGISTER {MyPid} fib seal_priority=1"), Is.EqualTo("OK"), "its own pid is allowed");
        Assert.That(table.TryGet(MyPid, out RegistrationEntry e), Is.True);
        Assert.That(e.Trusted, Is.False, "and marked untrusted, so the resolver caps it");
        table.Register(777, new RegistrationEntry("x", null, true, 1));
        Assert.That(await c.RequestAsync("UNREGISTER 777"), Does.StartWith("ERR not permitted"), "nor unregister another pid");
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    public async Task ListedUidOrGidIsTrusted(bool byUid, bool byGid)
    {
        using var dir = new TempDir();
        var table = new RegistrationTable();
        RegistrationSocketConfig config = Config(dir, allowedUids: byUid ? [0] : [12345], allowedGids: byGid ? [0] : [54321]);
        await using var server = new RegistrationServer(config, table, new RegistrationTrustPolicy(config, RootIsTrusted: false));
        server.Start();
        using LineClient c = await LineClient.ConnectAsync(config.Path);
        Assert.That(await c.RequestAsync("REGISTER 1 fib"), Is.EqualTo("OK"));
        Assert.That(table.TryGet(InitPid, out RegistrationEntry e) && e.Trusted, Is.True);
    }

    [Test]
    public async Task LinesBeyondTheRateLimitGetErrUntilTheNextSecond()
    {
        using var dir = new TempDir();
        var time = new FixedTimeProvider();
        await using var server = new RegistrationServer(Config(dir, maxLinesPerS: 3), new RegistrationTable(), time: time);
        server.Start();
        using LineClient c = await LineClient.ConnectAsync(dir.File("register.sock"));
        using LineClient other = await LineClient.ConnectAsync(dir.File("register.sock"));

        await c.SendAsync("PING\nPING\nPING\nPING\nPING\n");
        string?[] replies = [await c.ReadLineAsync(), await c.ReadLineAsync(), await c.ReadLineAsync(), await c.ReadLineAsync(), await c.ReadLineAsync()];
        Assert.That(replies, Is.EqualTo(new[] { "OK", "OK", "OK", "ERR rate limit (max 3 lines/s)", "ERR rate limit (max 3 lines/s)" }));
        Assert.That(await other.RequestAsync("PING"), Is.EqualTo("OK"), "the limit is per connection");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await c.RequestAsync("PING"), Is.EqualTo("OK"), "a new second restores the budget");
    }
}
