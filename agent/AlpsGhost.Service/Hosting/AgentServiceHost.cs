using AlpsGhost.Config;
using AlpsGhost.Service.Registration;
using AlpsGhost.Service.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AlpsGhost.Service.Hosting;

/// <summary>Builds the agent daemon's host: console logging (one line per entry), systemd integration, the
/// sockets and the agent attachment as hosted services.</summary>
public static class AgentServiceHost
{
    /// <summary>Builds (does not start) the host.</summary>
    /// <param name="config">The effective config (sockets, stats).</param>
    /// <param name="table">The registration table the agent's resolver reads.</param>
    /// <param name="snapshot">The last published stats snapshot.</param>
    /// <param name="attach">Attaches the agent; called on start, after the sockets are up.</param>
    /// <param name="detach">Detaches the agent; called on stop (SIGTERM, SIGINT, or <see cref="IHostApplicationLifetime.StopApplication"/>).</param>
    /// <param name="trust">Who the registration socket trusts (default: the config's lists, root trusted).</param>
    /// <param name="minimumLevel">Least severe log entry written (<c>--log-level</c>).</param>
    public static IHost Build(EnclaveConfig config, RegistrationTable table, Func<AgentStatsSnapshot> snapshot, Action attach, Action detach,
        RegistrationTrustPolicy? trust = null, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(attach);
        ArgumentNullException.ThrowIfNull(detach);
        // DisableDefaults: no appsettings.json or environment configuration: the agent's config file is the
        // single source of settings.
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        // Under systemd (Type=notify): READY=1 once every hosted service started, SIGTERM stops the host, and
        // log lines get journald priority prefixes. Outside systemd this is a no-op and Ctrl+C / SIGTERM stop it.
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(sp => new AgentServers(config, table, snapshot, sp.GetRequiredService<ILogger<AgentServers>>(), trust));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentServers>());
        builder.Services.AddHostedService(_ => new AgentAttachment(attach, detach));
        return builder.Build();
    }
}
