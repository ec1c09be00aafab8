namespace AlpsGhost.Bench;

/// <summary>Bad input to alps-bench (unknown policy or workload, bad flag value): exit code 2 with the message.</summary>
internal sealed class BenchException(string message) : Exception(message);
