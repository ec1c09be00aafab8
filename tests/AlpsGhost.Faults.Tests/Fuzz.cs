using CsCheck;

namespace AlpsGhost.Faults.Tests;

/// <summary>Shared generators and the "only the documented exception escapes" check.</summary>
internal static class Fuzz
{
    /// <summary>Tokens that break JSON structure or types in interesting ways (huge, negative, non-finite, wrong kind).</summary>
    private static readonly string[] s_tokens =
    [
        "\"", "{", "}", "[", "]", ",", ":", "-1", "0", "1", "1.5", "1e309", "-1e309", "99999999999999999999", "2147483648",
        "-2147483649", "9223372036854775808", "1e-320", "null", "true", "false", "\"\"", "\"x\"", "[]", "{}", "NaN", "\"\\u0000\"",
        "\"-0\"", "0.0000001", "4096", "65536", "\"all\"", "\"0-3\"", "\"3-0\"", "\"0,0\"", "\"a\\\\b\"", "-0", "1e3", "\"\u00e9\u4e2d\"",
    ];

    /// <summary>
    /// Runs <paramref name="assert"/> on <paramref name="iter"/> samples of <paramref name="gen"/>, each drawn from its
    /// own fixed PCG seed: deterministic (CsCheck's Sample seeds only its first iteration) and bounded. A failure
    /// names the iteration, its CsCheck seed (replay with <c>gen.Sample(assert, seed: ...)</c>) and the input.
    /// </summary>
    public static void Holds<T>(Gen<T> gen, Action<T> assert, long iter, ulong seed = 1)
    {
        ulong baseSeed = Environment.GetEnvironmentVariable("ALPS_FUZZ_SEED") is { } env && ulong.TryParse(env, out ulong s) ? s : seed;
        for (long i = 0; i < iter; i++)
        {
            var pcg = new PCG(1, (baseSeed * 0x9E3779B97F4A7C15UL) + (ulong)i);
            string seedText = pcg.ToString();
            T value = gen.Generate(pcg, null, out _);
            try
            {
                assert(value);
            }
            catch (Exception e)
            {
                string shown = value is null ? "null" : value is System.Collections.IEnumerable and not string ? Check.Print(value) : value.ToString() ?? "";
                throw new AssertionException($"property failed at iteration {i} (CsCheck seed {seedText}): {e.GetType().Name}: {e.Message}\ninput: {(shown.Length > 4000 ? shown[..4000] + "..." : shown)}", e);
            }
        }
    }

    /// <summary>Runs <paramref name="parse"/>; returns normally or with <typeparamref name="TDocumented"/> whose message names <paramref name="mustMention"/>; any other exception fails the property.</summary>
    public static void OnlyThrows<TDocumented>(Action parse, string mustMention) where TDocumented : Exception
    {
        try
        {
            parse();
        }
        catch (TDocumented e)
        {
            if (!e.Message.Contains(mustMention, StringComparison.Ordinal))
            {
                throw new AssertionException($"{typeof(TDocumented).Name} does not name '{mustMention}': {e.Message}");
            }
        }
    }

    /// <summary>Mutations of a valid text: 1-4 edits among truncation, deletion, token insertion and replacement of a JSON value by a token.</summary>
    public static Gen<string> Mutated(string valid) =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, valid.Length], Gen.Int[0, s_tokens.Length - 1], Gen.Int[1, 12])
            .Array[1, 4]
            .Select(edits =>
            {
                string s = valid;
                foreach ((int kind, int pos0, int token, int len) in edits)
                {
                    int pos = Math.Min(pos0, s.Length);
                    switch (kind)
                    {
                        case 0:
                            s = s[..pos];
                            break;
                        case 1:
                            s = s.Remove(pos, Math.Min(len, s.Length - pos));
                            break;
                        case 2:
                            s = s.Insert(pos, s_tokens[token]);
                            break;
                        default:
                            s = ReplaceValue(s, pos, s_tokens[token]);
                            break;
                    }
                }
                return s;
            });

    /// <summary>Replaces the JSON value after the first ':' at or after <paramref name="pos"/> (up to the next ',', '}' or ']' at the same line) by <paramref name="token"/>.</summary>
    private static string ReplaceValue(string s, int pos, string token)
    {
        int colon = s.IndexOf(':', pos);
        if (colon < 0)
        {
            return s;
        }
        int end = colon + 1;
        while (end < s.Length && s[end] is not (',' or '}' or ']' or '\n'))
        {
            end++;
        }
        return string.Concat(s.AsSpan(0, colon + 1), " ", token, s.AsSpan(end));
    }

    /// <summary>Short strings over an alphabet that reaches the interesting branches of line-oriented parsers.</summary>
    public static Gen<string> TextOver(string alphabet, int maxLength) =>
        Gen.Char[alphabet].Array[0, maxLength].Select(cs => new string(cs));

    /// <summary>The repository root (the folder holding alps-ghost.slnx), found upwards from the test binaries.</summary>
    public static string RepoRoot()
    {
        string? dir = TestContext.CurrentContext.TestDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "alps-ghost.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("alps-ghost.slnx not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
