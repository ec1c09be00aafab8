namespace AlpsGhost.Service.Registration;

/// <summary>What a registration declared for one pid.</summary>
/// <param name="Function">The function name (1-255 characters, no whitespace or control characters).</param>
/// <param name="RankHint">OpenLambda's <c>seal_priority</c> (positive), or null for none.</param>
/// <param name="Trusted">Whether the registering peer was trusted (<c>RegistrationTrust.IsTrusted</c>); an
/// untrusted registration is capped (see <see cref="RegisteredFunctionResolver"/>).</param>
/// <param name="PeerPid">The registering peer's pid (SO_PEERCRED), for logs.</param>
public sealed record RegistrationEntry(string Function, int? RankHint, bool Trusted, int PeerPid);
