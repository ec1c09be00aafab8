namespace AlpsGhost.Agent.Learning;

/// <summary>A learning round produced an unusable value (NaN, infinity, negative); the last good snapshot stays.</summary>
public sealed class LearningException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LearningException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public LearningException(string message, Exception inner) : base(message, inner)
    {
    }
}
