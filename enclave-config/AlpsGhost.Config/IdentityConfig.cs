namespace AlpsGhost.Config;

/// <summary>The <c>identity</c> section: how tasks are tagged with their function.</summary>
public sealed record IdentityConfig
{
    /// <summary>Ordered rules; the first that matches names the function.</summary>
    public EquatableArray<IdentityRule> Rules { get; init; } = new(
    [
        new IdentityRule(IdentityMatchKind.Cgroup, "/alps/{function}", null),
        new IdentityRule(IdentityMatchKind.Cgroup, "/alps/{function}/**", null),
    ]);

    /// <summary>The registration socket; null = none (metadata rules then never match).</summary>
    public RegistrationSocketConfig? RegistrationSocket { get; init; }
}
