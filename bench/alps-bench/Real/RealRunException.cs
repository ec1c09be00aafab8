namespace AlpsGhost.Bench.Real;

/// <summary>A real run could not be carried out or lost something (agent failed, launcher failed, invocations lost,
/// tasks left raised): exit code 1, not a usage error.</summary>
internal sealed class RealRunException(string message) : Exception(message);
