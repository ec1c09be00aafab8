using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Text;

namespace AlpsGhost.Cli.Grammar;

/// <summary>One line for a parse error: the option, the value given and what is accepted, in words, not CLR types.</summary>
public static class ParseErrorText
{
    /// <summary>Describes <paramref name="error"/> on one line.</summary>
    public static string Describe(ParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Option? option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        string message = OneLine(error.Message);
        if (option is null)
        {
            return message.StartsWith("Unrecognized", StringComparison.Ordinal) ? message + " (--help lists the options)" : message;
        }
        string given = Given(error.SymbolResult!);
        if (message.Contains("not recognized", StringComparison.Ordinal) || message.Contains("Must be one of", StringComparison.Ordinal))
        {
            return $"{option.Name} {given} is not valid: expected one of {Choices(option)}";
        }
        if (message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return $"{option.Name} {given} is not valid: expected {Expected(option.ValueType)}";
        }
        return message;
    }

    /// <summary>What a value of <paramref name="type"/> is, in words.</summary>
    public static string Expected(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        return t == typeof(int) || t == typeof(long) ? "an integer"
            : t == typeof(uint) || t == typeof(ulong) ? "a non-negative integer"
            : t == typeof(double) || t == typeof(float) ? "a number (use '.' for decimals)"
            : t == typeof(bool) ? "true or false"
            : t == typeof(FileInfo) || t == typeof(DirectoryInfo) ? "a path"
            : "a value";
    }

    private static string Given(SymbolResult result)
    {
        var tokens = new StringBuilder();
        foreach (Token token in result.Tokens)
        {
            tokens.Append(tokens.Length > 0 ? " " : "").Append(token.Value);
        }
        return "'" + tokens + "'";
    }

    private static string Choices(Option option)
    {
        var names = new StringBuilder();
        foreach (CompletionItem item in option.GetCompletions(CompletionContext.Empty))
        {
            names.Append(names.Length > 0 ? ", " : "").Append(item.Label);
        }
        return names.Length > 0 ? names.ToString() : "the values --help lists";
    }

    private static string OneLine(string message)
    {
        var b = new StringBuilder(message.Length);
        foreach (string part in message.Split('\n'))
        {
            string p = part.Trim();
            if (p.Length > 0)
            {
                b.Append(b.Length > 0 ? " " : "").Append(p);
            }
        }
        return b.ToString();
    }
}
