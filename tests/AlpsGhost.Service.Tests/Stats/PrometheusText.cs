using System.Globalization;
using System.Text.RegularExpressions;

namespace AlpsGhost.Service.Tests.Stats;

/// <summary>A strict line-by-line reader of Prometheus text format 0.0.4, for checking what we serve.</summary>
internal static partial class PrometheusText
{
    /// <summary>Every sample as (name, labels, value); throws naming the line if any line is malformed.</summary>
    public static List<(string Name, Dictionary<string, string> Labels, double Value)> Parse(string text)
    {
        Assert.That(text, Does.EndWith("\n"), "the exposition ends with a line feed");
        Assert.That(text, Does.Not.Contain("\r"), "lines end with \\n only");
        var samples = new List<(string, Dictionary<string, string>, double)>();
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text[..^1].Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                Match m = Comment().Match(line);
                Assert.That(m.Success, Is.True, $"comment line '{line}'");
                if (m.Groups[1].Value == "TYPE")
                {
                    Assert.That(m.Groups[3].Value, Is.AnyOf("counter", "gauge", "histogram"), line);
                    Assert.That(typed.TryAdd(m.Groups[2].Value, m.Groups[3].Value), Is.True, $"one TYPE per metric: {line}");
                }
                continue;
            }
            Match s = Sample().Match(line);
            Assert.That(s.Success, Is.True, $"sample line '{line}'");
            string name = s.Groups["name"].Value;
            Assert.That(typed.ContainsKey(name) || typed.ContainsKey(HistogramFamily(name)), Is.True, $"{name} has a TYPE line before its samples");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in Label().Matches(s.Groups["labels"].Value))
            {
                labels.Add(l.Groups[1].Value, l.Groups[2].Value);
            }
            string v = s.Groups["value"].Value;
            double value = v switch
            {
                "NaN" => double.NaN,
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add((name, labels, value));
        }
        return samples;
    }

    // A histogram's samples are its family name + _bucket, _sum or _count.
    private static string HistogramFamily(string sample)
    {
        foreach (string suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal))
            {
                return sample[..^suffix.Length];
            }
        }
        return sample;
    }

    [GeneratedRegex(@"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*=""(?:\\.|[^""\\])*""(?:,[a-zA-Z_][a-zA-Z0-9_]*=""(?:\\.|[^""\\])*"")*\})? (?<value>\S+)$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:\\.|[^""\\])*)""")]
    private static partial Regex Label();
}
