using AlpsGhost.Config;
using AlpsGhost.Service.Hosting;
using AlpsGhost.Service.Registration;
using AlpsGhost.Service.Stats;
using AlpsGhost.Service.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AlpsGhost.Service.Tests.Hosting;

/// <summary>The daemon's host: sockets up before the agent attaches, everything served while running, the agent
/// detached before the sockets close on stop.</summary>
public class AgentServiceHostTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Test]
    public async Task HostRunsTheSocketsAroundTheAgentLifetime()
    {
        using var dir = new TempDir();
        EnclaveConfig config = new EnclaveConfig() with
        {
            Identity = new IdentityConfig { RegistrationSocket = new RegistrationSocketConfig { Path = dir.File("register.sock") } },
            Stats = new StatsConfig { SocketPath = dir.File("stats.sock"), Prometheus = new PrometheusConfig { Enabled = true, Port = 0 } },
        };
        var table = new RegistrationTable();
        var events = new List<string>();
        bool socketsUpAtAttach = false;
        bool socketsUpAtDetach = false;
        using IHost host = AgentServiceHost.Build(config, table, () => AgentStatsSnapshot.Empty,
            attach: () =>
            {
                socketsUpAtAttach = File.Exists(dir.File("register.sock")) && File.Exists(dir.File("stats.sock"));
                events.Add("attach");
            },
            detach: () =>
            {
                socketsUpAtDetach = File.Exists(dir.File("register.sock"));
                events.Add("detach");
            });
        using var cts = new CancellationTokenSource(Guard);
        await host.StartAsync(cts.Token);

        Assert.That(events, Is.EqualTo(new[] { "attach" }));
        Assert.That(socketsUpAtAttach, Is.True, "registrations are accepted before the agent sees the first task");
        using (LineClient c = await LineClient.ConnectAsync(dir.File("register.sock")))
        {
            Assert.That(await c.RequestAsync($"REGISTER {Environment.ProcessId} fib"), Is.EqualTo("OK"), "a running pid (registrations live as long as their process)");
        }
        Assert.That(table.TryGet(Environment.ProcessId, out _), Is.True, "the host's socket feeds the table the resolver reads");
        Assert.That(await StatsSocketServer.ReadAsync(dir.File("stats.sock"), cts.Token), Does.Contain("alps_ghost_rounds_total 0"));
        var servers = host.Services.GetRequiredService<AgentServers>();
        using var http = new HttpClient { Timeout = Guard };
        Assert.That(await http.GetStringAsync($"http://127.0.0.1:{servers.MetricsEndPoint!.Port}/metrics", cts.Token), Does.Contain("alps_ghost_agent_info"));

        // What SIGTERM does (ConsoleLifetime / SystemdLifetime call StopApplication).
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await host.WaitForShutdownAsync(cts.Token);
        Assert.That(events, Is.EqualTo(new[] { "attach", "detach" }));
        Assert.That(socketsUpAtDetach, Is.True, "the agent detaches before the sockets close");
        Assert.That(File.Exists(dir.File("register.sock")) || File.Exists(dir.File("stats.sock")), Is.False, "socket files are removed");
    }

    [Test]
    public void AFailedAttachFailsTheStartAndLeavesNoSocket()
    {
        using var dir = new TempDir();
        EnclaveConfig config = new EnclaveConfig() with
        {
            Identity = new IdentityConfig { RegistrationSocket = new RegistrationSocketConfig { Path = dir.File("register.sock") } },
        };
        IHost host = AgentServiceHost.Build(config, new RegistrationTable(), () => AgentStatsSnapshot.Empty,
            attach: () =>
            {
                Assert.That(File.Exists(dir.File("register.sock")), Is.True, "the registration socket is up before the attach");
                throw new TimeoutException("agents did not attach");
            },
            detach: () => { });
        Assert.That(host.Run, Throws.InstanceOf<TimeoutException>(), "the attach failure surfaces as itself (GhostKernelRun maps it to an exit code)");
        host.Dispose(); // what GhostKernelRun's using does
        Assert.That(File.Exists(dir.File("register.sock")), Is.False, "no socket is left behind");
    }
}
