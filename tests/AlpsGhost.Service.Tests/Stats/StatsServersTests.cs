using System.Net;
using System.Net.Sockets;
using System.Text;
using AlpsGhost.Service.Stats;

namespace AlpsGhost.Service.Tests.Stats;

/// <summary>The two stats endpoints over real sockets.</summary>
public class StatsServersTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Test]
    public async Task MetricsResponderAnswersGetOverLoopback()
    {
        (StatsPublisher publisher, _, _) = SimulatedAgentRun.Run(intervalNs: 100_000_000);
        await using var server = new MetricsHttpServer(IPAddress.Loopback, 0, () => publisher.Current);
        server.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.LocalEndPoint.Port}"), Timeout = Guard };

        using HttpResponseMessage ok = await http.GetAsync("/metrics");
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ok.Content.Headers.ContentType!.ToString(), Does.Contain("version=0.0.4"));
        string body = await ok.Content.ReadAsStringAsync();
        Assert.That(body, Is.EqualTo(publisher.Current.ToPrometheusText()), "the last published snapshot");
        Assert.That(PrometheusText.Parse(body), Is.Not.Empty);

        using HttpResponseMessage missing = await http.GetAsync("/");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using HttpResponseMessage post = await http.PostAsync("/metrics", new StringContent("x"));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task IdleConnectionsHoldingEverySlotDoNotDelayAScrape()
    {
        // Protects issue 17 item 5: 16 silent connections held every slot, so each scrape waited for the 5 s
        // request timeout of one of them. The scrape must now be answered well within that timeout.
        await using var server = new MetricsHttpServer(IPAddress.Loopback, 0, () => AgentStatsSnapshot.Empty);
        server.Start();
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < MetricsHttpServer.MaxConnections; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(server.LocalEndPoint);
                idle.Add(s);
            }
            using var http = new HttpClient { Timeout = MetricsHttpServer.RequestTimeout / 2 };
            string body = await http.GetStringAsync($"http://127.0.0.1:{server.LocalEndPoint.Port}/metrics");
            Assert.That(body, Does.Contain("alps_ghost_agent_info"), "served before any idle connection timed out");
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Test]
    public async Task OversizedAndMalformedRequestsAreRefusedAndServingContinues()
    {
        await using var server = new MetricsHttpServer(IPAddress.Loopback, 0, () => AgentStatsSnapshot.Empty);
        server.Start();
        Assert.That(await RawAsync(server.LocalEndPoint, "GET /metrics HTTP/1.1\r\nX: " + new string('a', 20_000) + "\r\n\r\n"), Does.StartWith("HTTP/1.1 431 "));
        Assert.That(await RawAsync(server.LocalEndPoint, "garbage\r\n\r\n"), Does.StartWith("HTTP/1.1 400 "));
        Assert.That(await RawAsync(server.LocalEndPoint, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"), Does.StartWith("HTTP/1.1 200 OK"));
    }

    [Test]
    public async Task StatsSocketServesOneSnapshotPerConnection()
    {
        using var dir = new TempDir();
        int calls = 0;
        AgentStatsSnapshot Snapshot()
        {
            Interlocked.Increment(ref calls);
            return AgentStatsSnapshot.Empty;
        }
        await using var server = new StatsSocketServer(dir.File("stats.sock"), Snapshot);
        server.Start();
        using var cts = new CancellationTokenSource(Guard);
        string first = await StatsSocketServer.ReadAsync(dir.File("stats.sock"), cts.Token);
        string second = await StatsSocketServer.ReadAsync(dir.File("stats.sock"), cts.Token);
        Assert.That(first, Is.EqualTo(AgentStatsSnapshot.Empty.ToPrometheusText()));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public void ReadingAStatsSocketNobodyServesFails()
    {
        using var dir = new TempDir();
        Assert.That(async () => await StatsSocketServer.ReadAsync(dir.File("none.sock"), CancellationToken.None), Throws.InstanceOf<SocketException>());
    }

    private static async Task<string> RawAsync(IPEndPoint endPoint, string request)
    {
        using var cts = new CancellationTokenSource(Guard);
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint, cts.Token);
        NetworkStream stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cts.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before reading everything we send (431): read its reply anyway.
        }
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(cts.Token);
    }
}
