namespace AlpsGhost.Config;

/// <summary>One rule of <c>identity.rules</c>: how a task's function name is found.</summary>
/// <param name="Match">What the pattern is matched against.</param>
/// <param name="Pattern">Glob with <c>*</c>, <c>?</c> (and <c>**</c> for cgroup paths) and at most one
/// <c>{function}</c> capture.</param>
/// <param name="Function">Fixed function name; null when the pattern captures <c>{function}</c>.</param>
/// <param name="Key">Metadata key the pattern reads (metadata rules only; null otherwise).</param>
public sealed record IdentityRule(IdentityMatchKind Match, string Pattern, string? Function, string? Key = null);
