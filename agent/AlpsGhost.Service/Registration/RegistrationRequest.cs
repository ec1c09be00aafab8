namespace AlpsGhost.Service.Registration;

/// <summary>One parsed line of the registration protocol (see docs/service.md).</summary>
/// <param name="Verb">What the line asks.</param>
/// <param name="Pid">Target pid (REGISTER, UNREGISTER), else 0.</param>
/// <param name="Function">Function name (REGISTER), else null.</param>
/// <param name="RankHint">The <c>seal_priority</c> hint (REGISTER), null when absent or 0.</param>
public sealed record RegistrationRequest(RegistrationVerb Verb, int Pid, string? Function, int? RankHint)
{
    /// <summary>Longest function name accepted (as in the config file).</summary>
    public const int MaxFunctionNameLength = 255;

    /// <summary>Parses one line (without its '\n'; a trailing '\r' is tolerated).</summary>
    /// <param name="line">The line's text.</param>
    /// <param name="request">The request when the line is valid.</param>
    /// <param name="error">What is wrong with the line, naming the offending token, when it is not.</param>
    public static bool TryParse(string line, out RegistrationRequest? request, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        request = null;
        error = null;
        string text = line.EndsWith('\r') ? line[..^1] : line;
        if (text.StartsWith('{'))
        {
            return TryParseJson(text, out request, out error);
        }
        string[] parts = text.Split(' ');
        foreach (string p in parts)
        {
            if (p.Length == 0)
            {
                error = "empty token: expected tokens separated by single spaces";
                return false;
            }
        }
        switch (parts[0])
        {
            case "PING" when parts.Length == 1:
                request = new RegistrationRequest(RegistrationVerb.Ping, 0, null, null);
                return true;
            case "PING":
                error = "PING takes no arguments";
                return false;
            case "UNREGISTER" when parts.Length == 2:
                if (!TryPid(parts[1], out int upid, out error))
                {
                    return false;
                }
                request = new RegistrationRequest(RegistrationVerb.Unregister, upid, null, null);
                return true;
            case "UNREGISTER":
                error = "expected UNREGISTER <pid>";
                return false;
            case "REGISTER" when parts.Length is 3 or 4:
                if (!TryPid(parts[1], out int pid, out error) || !TryFunction(parts[2], out error))
                {
                    return false;
                }
                int? hint = null;
                if (parts.Length == 4)
                {
                    const string Key = "seal_priority=";
                    if (!parts[3].StartsWith(Key, StringComparison.Ordinal)
                        || !int.TryParse(parts[3].AsSpan(Key.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
                    {
                        error = $"bad option '{Truncate(parts[3])}': expected seal_priority=<integer 0-2147483647>";
                        return false;
                    }
                    // OpenLambda's default "0" means no hint (A §3.4).
                    hint = n > 0 ? n : null;
                }
                request = new RegistrationRequest(RegistrationVerb.Register, pid, parts[2], hint);
                return true;
            case "REGISTER":
                error = "expected REGISTER <pid> <function> [seal_priority=<n>]";
                return false;
            default:
                error = $"unknown command '{Truncate(parts[0])}': expected REGISTER, UNREGISTER or PING";
                return false;
        }
    }

    // The form docs/configuration.md describes: one JSON object per line, the pid plus the task's metadata
    // (OpenLambda's keys): {"pid": 123, "function_name": "fib", "seal_priority": "3"}. Other keys are ignored.
    private static bool TryParseJson(string text, out RegistrationRequest? request, out string? error)
    {
        request = null;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text, new System.Text.Json.JsonDocumentOptions { MaxDepth = 4 });
            System.Text.Json.JsonElement root = doc.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                error = "expected a JSON object";
                return false;
            }
            if (!root.TryGetProperty("pid", out System.Text.Json.JsonElement pidElement) || pidElement.ValueKind != System.Text.Json.JsonValueKind.Number
                || !pidElement.TryGetInt32(out int pid) || pid < 1)
            {
                error = "\"pid\": expected an integer 1-2147483647";
                return false;
            }
            if (!root.TryGetProperty("function_name", out System.Text.Json.JsonElement nameElement) || nameElement.ValueKind != System.Text.Json.JsonValueKind.String
                || nameElement.GetString() is not { Length: > 0 } name)
            {
                error = "\"function_name\": expected a non-empty string";
                return false;
            }
            if (!TryFunction(name, out error))
            {
                return false;
            }
            int? hint = null;
            if (root.TryGetProperty("seal_priority", out System.Text.Json.JsonElement p))
            {
                string? raw = p.ValueKind switch
                {
                    System.Text.Json.JsonValueKind.String => p.GetString(),
                    System.Text.Json.JsonValueKind.Number => p.GetRawText(),
                    _ => null,
                };
                if (raw is null || !int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
                {
                    error = "\"seal_priority\": expected an integer 0-2147483647 (number or string)";
                    return false;
                }
                hint = n > 0 ? n : null;
            }
            request = new RegistrationRequest(RegistrationVerb.Register, pid, name, hint);
            error = null;
            return true;
        }
        catch (System.Text.Json.JsonException e)
        {
            error = "malformed JSON: " + e.Message;
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string JSON accepts but UTF-16 cannot hold, such as a lone surrogate "\ud800".
            error = "invalid string: expected valid Unicode text (no lone surrogate escapes)";
            return false;
        }
    }

    private static bool TryPid(string token, out int pid, out string? error)
    {
        if (int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pid) && pid >= 1)
        {
            error = null;
            return true;
        }
        error = $"bad pid '{Truncate(token)}': expected an integer 1-2147483647";
        return false;
    }

    private static bool TryFunction(string name, out string? error)
    {
        if (name.Length > MaxFunctionNameLength)
        {
            error = $"function name of {name.Length} characters: expected 1-{MaxFunctionNameLength}";
            return false;
        }
        foreach (char c in name)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                error = "function name contains a control or whitespace character";
                return false;
            }
        }
        error = null;
        return true;
    }

    // Echoing the client's token helps debugging, but never a long or binary one into a reply.
    private static string Truncate(string token)
    {
        var b = new System.Text.StringBuilder();
        foreach (char c in token.Length > 32 ? token[..32] : token)
        {
            b.Append(char.IsControl(c) ? '?' : c);
        }
        return token.Length > 32 ? b.Append("...").ToString() : b.ToString();
    }
}
