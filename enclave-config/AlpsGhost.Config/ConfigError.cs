namespace AlpsGhost.Config;

/// <summary>One problem in a configuration file or in a command-line override.</summary>
/// <param name="File">The file name as given (or "command line").</param>
/// <param name="JsonPath">Where: a JSON path like <c>$.policy.alps.learning.alpha</c> (a flag name for
/// overrides; "line L, column C" for malformed JSON).</param>
/// <param name="Value">The offending value as JSON text (strings quoted), the unknown property's name, or null when
/// the value is missing.</param>
/// <param name="Expected">What would have been accepted.</param>
/// <param name="Kind">What kind of problem; decides the wording of <see cref="ToString"/>.</param>
public sealed record ConfigError(string File, string JsonPath, string? Value, string Expected, ConfigErrorKind Kind = ConfigErrorKind.InvalidValue)
{
    /// <summary>One line naming file, path, value and expectation, e.g.
    /// <c>all.json: $.policy.alps.learning.alpha: value -1 is not valid: expected a number > 0</c>.</summary>
    public override string ToString() => Kind switch
    {
        ConfigErrorKind.Missing => $"{File}: {JsonPath}: missing: expected {Expected}",
        ConfigErrorKind.UnknownProperty => $"{File}: {JsonPath}: unknown property {Value}: expected {Expected}",
        ConfigErrorKind.DuplicateProperty => $"{File}: {JsonPath}: duplicate property {Value}: expected {Expected}",
        ConfigErrorKind.MalformedJson => $"{File}: {JsonPath}: malformed JSON: {Expected}",
        _ => $"{File}: {JsonPath}: value {Value} is not valid: expected {Expected}",
    };
}
