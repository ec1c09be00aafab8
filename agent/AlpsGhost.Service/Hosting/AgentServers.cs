using System.Net;
using AlpsGhost.Config;
using AlpsGhost.Service.Registration;
using AlpsGhost.Service.Stats;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AlpsGhost.Service.Hosting;

/// <summary>
/// Hosted service running the agent's sockets: the registration socket (when
/// <c>identity.registration_socket</c> is set), the Prometheus responder (when <c>stats.prometheus.enabled</c>)
/// and the stats socket (when <c>stats.socket_path</c> is set).
/// </summary>
public sealed partial class AgentServers(EnclaveConfig config, RegistrationTable table, Func<AgentStatsSnapshot> snapshot,
    ILogger<AgentServers> logger, RegistrationTrustPolicy? trust = null) : IHostedService, IAsyncDisposable
{
    private RegistrationServer? _registration;
    private MetricsHttpServer? _metrics;
    private StatsSocketServer? _stats;

    /// <summary>The Prometheus responder's bound address, once started (null when disabled).</summary>
    public IPEndPoint? MetricsEndPoint => _metrics?.LocalEndPoint;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (config.Identity.RegistrationSocket is { } socket)
            {
                _registration = new RegistrationServer(socket, table, trust ?? new RegistrationTrustPolicy(socket), m => LogServer(logger, m));
                _registration.Start();
                LogListening(logger, "registration socket", socket.Path);
            }
            if (config.Stats.Prometheus.Enabled)
            {
                _metrics = new MetricsHttpServer(IPAddress.Parse(config.Stats.Prometheus.Address), config.Stats.Prometheus.Port, snapshot, m => LogServer(logger, m));
                _metrics.Start();
                LogListening(logger, "Prometheus /metrics", _metrics.LocalEndPoint.ToString());
            }
            if (config.Stats.SocketPath is { } path)
            {
                _stats = new StatsSocketServer(path, snapshot);
                _stats.Start();
                LogListening(logger, "stats socket", path);
            }
        }
        catch
        {
            // A half-started set of servers must not leave sockets behind.
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_registration is not null)
        {
            await _registration.DisposeAsync().ConfigureAwait(false);
            _registration = null;
        }
        if (_metrics is not null)
        {
            await _metrics.DisposeAsync().ConfigureAwait(false);
            _metrics = null;
        }
        if (_stats is not null)
        {
            await _stats.DisposeAsync().ConfigureAwait(false);
            _stats = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Server} listening on {Address}")]
    private static partial void LogListening(ILogger logger, string server, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogServer(ILogger logger, string message);
}
