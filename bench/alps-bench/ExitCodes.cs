namespace AlpsGhost.Bench;

/// <summary>alps-bench's exit codes, as the agent's: 0 ok, 1 failure, 2 bad input, 130 cancelled by SIGINT (outputs partial).</summary>
internal static class ExitCodes
{
    public const int Ok = 0, Failure = 1, Usage = 2, Cancelled = AlpsGhost.Ghost.Host.ExitCodes.Cancelled;
}
