namespace AlpsGhost.Ghost.Native;

/// <summary>A ghOSt kernel interaction failed; <see cref="Exception.Message"/> says why in operator terms.</summary>
public sealed class GhostNativeException : Exception
{
    /// <summary>Creates the exception for <paramref name="errno"/> of <paramref name="operation"/>.</summary>
    /// <param name="operation">What was attempted.</param>
    /// <param name="errno">Positive errno.</param>
    /// <param name="subject">The file, enclave or CPU involved, quoted in the message (may be empty).</param>
    public GhostNativeException(GhostOperation operation, int errno, string subject)
        : base(Compose(operation, errno, subject))
    {
        Operation = operation;
        Errno = errno;
        Subject = subject;
    }

    /// <summary>What was attempted.</summary>
    public GhostOperation Operation { get; }

    /// <summary>Positive errno value.</summary>
    public int Errno { get; }

    /// <summary>The file, enclave or CPU involved.</summary>
    public string Subject { get; }

    /// <summary>Throws for a negative return code, returns it unchanged otherwise.</summary>
    public static int Check(int rc, GhostOperation operation, string subject)
    {
        if (rc < 0)
        {
            throw new GhostNativeException(operation, -rc, subject);
        }
        return rc;
    }

    private static string Compose(GhostOperation operation, int errno, string subject)
    {
        string text = GhostErrorText.Describe(operation, errno);
        return string.IsNullOrEmpty(subject) ? text : $"{text} ({subject})";
    }
}
