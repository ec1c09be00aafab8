namespace AlpsGhost.Config;

/// <summary>What an identity rule's pattern is matched against (<c>identity.rules[].match</c>).</summary>
public enum IdentityMatchKind
{
    /// <summary>"cgroup": the task's cgroup v2 path, e.g. "/faas/fib/inst-3".</summary>
    Cgroup,

    /// <summary>"comm": the task's command name (at most 15 characters on Linux).</summary>
    Comm,

    /// <summary>"metadata": a key of the metadata a launcher registered through the registration socket.</summary>
    Metadata,
}
