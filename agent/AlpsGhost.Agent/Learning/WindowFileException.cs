namespace AlpsGhost.Agent.Learning;

/// <summary>A window file could not be read; says where (file, line, column), what was found and what was expected.</summary>
public sealed class WindowFileException : Exception
{
    /// <summary>Creates the exception; the message is built from the parts.</summary>
    public WindowFileException(string path, long line, string column, string value, string expected, Exception? inner = null)
        : base($"{path}:{line}: column '{column}': value '{value}': expected {expected}", inner)
    {
        FilePath = path;
        Line = line;
        Column = column;
        Value = value;
        Expected = expected;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>1-based line (CSV), or 1-based record number for a JSON semantic error (0: the whole file).</summary>
    public long Line { get; }

    /// <summary>The column / field name.</summary>
    public string Column { get; }

    /// <summary>The offending text.</summary>
    public string Value { get; }

    /// <summary>What was expected.</summary>
    public string Expected { get; }
}
