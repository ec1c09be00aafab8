namespace AlpsGhost.Config;

/// <summary>A precompiled identity pattern: literals, <c>*</c>, <c>?</c>, <c>**</c> and one optional
/// <c>{function}</c> capture.</summary>
/// <remarks>
/// For cgroup paths (segmented) <c>*</c>, <c>?</c> and <c>{function}</c> never match '/', and <c>**</c> matches
/// anything including '/' (and "/**/" also matches "/"); for comm and metadata values every wildcard matches any character (<c>**</c> = <c>*</c>).
/// <c>{function}</c> matches at least one character; when several splits match, the capture is as long as possible.
/// Matching allocates nothing: a backtracking walk over the tokens with a memo of failed (token, position) states,
/// so its cost is bounded by tokens x text length even for adversarial patterns.
/// </remarks>
internal sealed class GlobPattern
{
    /// <summary>Longest pattern accepted.</summary>
    public const int MaxLength = 1024;

    private const int MaxWildcards = 32;
    private const string CaptureText = "{function}";

    private readonly Token[] _tokens;
    private readonly bool _segmented;

    private GlobPattern(Token[] tokens, bool segmented, bool hasCapture)
    {
        _tokens = tokens;
        _segmented = segmented;
        HasCapture = hasCapture;
    }

    /// <summary>Whether the pattern contains <c>{function}</c>.</summary>
    public bool HasCapture { get; }

    private enum TokenKind
    {
        Literal,
        Question,
        Star,
        DoubleStar,
        DirStar,
        Capture,
    }

    /// <summary>Compiles <paramref name="pattern"/> for <paramref name="kind"/>; on failure <paramref name="problem"/>
    /// says what a valid pattern looks like.</summary>
    public static bool TryCompile(string pattern, IdentityMatchKind kind, out GlobPattern? glob, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        glob = null;
        problem = null;
        const string shape = "a glob with literal text, *, ?, ** and at most one {function}";
        bool segmented = kind == IdentityMatchKind.Cgroup;
        if (pattern.Length is 0 or > MaxLength)
        {
            problem = $"{shape}, 1-{MaxLength} characters";
            return false;
        }
        if (segmented && pattern[0] != '/')
        {
            problem = $"{shape}; a cgroup pattern is an absolute path starting with \"/\"";
            return false;
        }
        var tokens = new List<Token>();
        var literal = new System.Text.StringBuilder();
        bool hasCapture = false;
        int wildcards = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            TokenKind? wildcard = null;
            if (c == '*')
            {
                bool doubled = i + 1 < pattern.Length && pattern[i + 1] == '*';
                while (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    i++;
                }
                wildcard = doubled && segmented ? TokenKind.DoubleStar : TokenKind.Star;
                // "/**/" also matches a single "/" (zero directories), as in gitignore: "a/**/b" matches "a/b".
                if (wildcard == TokenKind.DoubleStar && i + 1 < pattern.Length && pattern[i + 1] == '/' && literal.Length > 0 && literal[^1] == '/')
                {
                    wildcard = TokenKind.DirStar;
                    i++;
                }
            }
            else if (c == '?')
            {
                wildcard = TokenKind.Question;
            }
            else if (c == '{')
            {
                if (string.CompareOrdinal(pattern, i, CaptureText, 0, CaptureText.Length) != 0)
                {
                    problem = $"{shape}; \"{{\" may only start {CaptureText}";
                    return false;
                }
                if (hasCapture)
                {
                    problem = $"{shape}; {CaptureText} appears more than once";
                    return false;
                }
                hasCapture = true;
                wildcard = TokenKind.Capture;
                i += CaptureText.Length - 1;
            }
            else if (c == '}')
            {
                problem = $"{shape}; \"}}\" may only end {CaptureText}";
                return false;
            }
            else if (char.IsControl(c))
            {
                problem = $"{shape}; no control characters";
                return false;
            }
            if (wildcard is TokenKind kindOfWildcard)
            {
                if (literal.Length > 0)
                {
                    tokens.Add(new Token(TokenKind.Literal, literal.ToString()));
                    literal.Clear();
                }
                if (++wildcards > MaxWildcards)
                {
                    problem = $"{shape}; at most {MaxWildcards} wildcards";
                    return false;
                }
                tokens.Add(new Token(kindOfWildcard, null));
            }
            else
            {
                literal.Append(c);
            }
        }
        if (literal.Length > 0)
        {
            tokens.Add(new Token(TokenKind.Literal, literal.ToString()));
        }
        glob = new GlobPattern([.. tokens], segmented, hasCapture);
        return true;
    }

    /// <summary>Matches the whole of <paramref name="text"/>; on success the capture's range (0, 0 without one).</summary>
    public bool TryMatch(ReadOnlySpan<char> text, out int captureStart, out int captureLength)
    {
        captureStart = 0;
        captureLength = 0;
        int states = (_tokens.Length + 1) * (text.Length + 1);
        int bytes = (states + 7) >> 3;
        // The memo lives on the stack for the usual short texts; only very long cgroup paths allocate.
        Span<byte> failed = bytes <= 1024 ? stackalloc byte[bytes] : new byte[bytes];
        failed.Clear();
        return MatchAt(text, 0, 0, failed, ref captureStart, ref captureLength);
    }

    private bool MatchAt(ReadOnlySpan<char> text, int ti, int pos, Span<byte> failed, ref int captureStart, ref int captureLength)
    {
        while (true)
        {
            if (ti == _tokens.Length)
            {
                return pos == text.Length;
            }
            var token = _tokens[ti];
            switch (token.Kind)
            {
                case TokenKind.Literal:
                    if (!text[pos..].StartsWith(token.Text, StringComparison.Ordinal))
                    {
                        return false;
                    }
                    pos += token.Text!.Length;
                    ti++;
                    continue;
                case TokenKind.Question:
                    if (pos >= text.Length || (_segmented && text[pos] == '/'))
                    {
                        return false;
                    }
                    pos++;
                    ti++;
                    continue;
                default:
                    int state = (ti * (text.Length + 1)) + pos;
                    if ((failed[state >> 3] & (1 << (state & 7))) != 0)
                    {
                        return false;
                    }
                    bool crossesSlash = token.Kind is TokenKind.DoubleStar or TokenKind.DirStar || !_segmented;
                    int end = pos;
                    while (end < text.Length && (crossesSlash || text[end] != '/'))
                    {
                        end++;
                    }
                    int shortest = token.Kind == TokenKind.Capture ? pos + 1 : pos;
                    for (; end >= shortest; end--)
                    {
                        // A DirStar ("**/" after a "/") covers nothing or whole directories ending in '/'.
                        if (token.Kind == TokenKind.DirStar && end > pos && text[end - 1] != '/')
                        {
                            continue;
                        }
                        if (MatchAt(text, ti + 1, end, failed, ref captureStart, ref captureLength))
                        {
                            if (token.Kind == TokenKind.Capture)
                            {
                                captureStart = pos;
                                captureLength = end - pos;
                            }
                            return true;
                        }
                    }
                    failed[state >> 3] |= (byte)(1 << (state & 7));
                    return false;
            }
        }
    }

    private readonly record struct Token(TokenKind Kind, string? Text);
}
