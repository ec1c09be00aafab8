namespace AlpsGhost.Config;

/// <summary>The <c>identity.registration_socket</c> section: the Unix socket launchers use to name their tasks.</summary>
public sealed record RegistrationSocketConfig
{
    /// <summary>Absolute path of the Unix stream socket.</summary>
    public string Path { get; init; } = "/run/alps-ghost/register.sock";

    /// <summary>File mode of the socket (0660 = owner and group may connect).</summary>
    public int Mode { get; init; } = Convert.ToInt32("660", 8);

    /// <summary>Non-root uids whose registrations are trusted (may name other processes and any rank).</summary>
    public EquatableArray<int> AllowedUids { get; init; } = EquatableArray<int>.Empty;

    /// <summary>Gids whose members are trusted like <see cref="AllowedUids"/>.</summary>
    public EquatableArray<int> AllowedGids { get; init; } = EquatableArray<int>.Empty;

    /// <summary>Longest accepted line, bytes; a longer line closes the connection.</summary>
    public int MaxLineBytes { get; init; } = 4096;

    /// <summary>Most concurrent connections.</summary>
    public int MaxClients { get; init; } = 64;

    /// <summary>Most lines per second per connection; excess lines are rejected.</summary>
    public int MaxLinesPerS { get; init; } = 1000;
}
