namespace AlpsGhost.Linux;

/// <summary>The stock-Linux backend cannot run here (missing privilege or kernel feature); the message says what
/// is missing and <see cref="Errno"/> is the failing call's error number.</summary>
public sealed class LinuxBackendException(string message, int errno) : Exception(message)
{
    /// <summary>errno of the failing call (EPERM = 1, EACCES = 13, ...).</summary>
    public int Errno { get; } = errno;

    /// <summary>Whether the failure means "not privileged enough".</summary>
    public bool IsPermission => Errno is 1 or 13;
}
