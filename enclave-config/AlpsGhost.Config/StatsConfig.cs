namespace AlpsGhost.Config;

/// <summary>The <c>stats</c> section.</summary>
public sealed record StatsConfig
{
    /// <summary>Prometheus exporter.</summary>
    public PrometheusConfig Prometheus { get; init; } = new();

    /// <summary>Unix socket that serves a stats snapshot; null = none.</summary>
    public string? SocketPath { get; init; }
}
