namespace AlpsGhost.Config;

/// <summary>The result of <see cref="FunctionIdentityRules.TryMatch"/>.</summary>
/// <param name="Function">The function name.</param>
/// <param name="RuleIndex">Index of the rule that matched (in <c>identity.rules</c>).</param>
/// <param name="RankHint">OpenLambda's <c>seal_priority</c> (>= 1) when a metadata rule matched and the metadata carried
/// one; a static hint the policy may use for functions it has not learned (subject to the registration trust rules).</param>
public readonly record struct FunctionIdentity(string Function, int RuleIndex, int? RankHint);
