namespace AlpsGhost.Config;

/// <summary>The <c>stats.prometheus</c> section.</summary>
public sealed record PrometheusConfig
{
    /// <summary>Serve metrics over HTTP.</summary>
    public bool Enabled { get; init; }

    /// <summary>Listen address (an IP literal).</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Listen port.</summary>
    public int Port { get; init; } = 9464;
}
