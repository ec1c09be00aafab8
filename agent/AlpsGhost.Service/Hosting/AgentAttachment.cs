using Microsoft.Extensions.Hosting;

namespace AlpsGhost.Service.Hosting;

/// <summary>
/// Hosted service attaching the agent at start and detaching it at stop. Registered after
/// <see cref="AgentServers"/>, so the sockets are up before tasks are scheduled, the host reports ready
/// (systemd <c>READY=1</c>) only once the agent is attached, and on SIGTERM the agent detaches before the
/// sockets close.
/// </summary>
/// <param name="attach">Attaches the agent (may block until the kernel accepted it; throws on failure).</param>
/// <param name="detach">Detaches it (idempotent).</param>
public sealed class AgentAttachment(Action attach, Action detach) : IHostedService
{
    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        attach();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        detach();
        return Task.CompletedTask;
    }
}
