using System.Globalization;
using System.Text;
using System.Text.Json;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Cli.Reporting;

/// <summary>
/// The <c>stats</c> command's formats other than the raw Prometheus text it reads from the agent: the samples of
/// one snapshot as an aligned table, one JSON object, or CSV rows.
/// </summary>
/// <remarks>Reads only what <c>AgentStatsSnapshot.ToPrometheusText</c> writes (exposition format 0.0.4: comment
/// lines, then <c>name{label="value",...} number</c>); a line it cannot read is an error naming the line, since
/// the peer is then not an alps-ghost agent.</remarks>
public static class StatsText
{
    /// <summary>One sample: metric name, labels in order, value as written.</summary>
    public sealed record Sample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, string Value)
    {
        /// <summary>Labels as <c>k=v,k=v</c> (values unescaped).</summary>
        public string LabelText => string.Join(",", Labels.Select(l => l.Key + "=" + l.Value));
    }

    /// <summary>The samples of a Prometheus text exposition, in order.</summary>
    /// <exception cref="InvalidDataException">A sample line does not parse.</exception>
    public static List<Sample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<Sample>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            samples.Add(ParseLine(line));
        }
        return samples;
    }

    private static Sample ParseLine(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }
        string name = line[..i];
        var labels = new List<KeyValuePair<string, string>>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                int eq = line.IndexOf("=\"", i, StringComparison.Ordinal);
                if (eq < 0)
                {
                    throw Bad(line);
                }
                string key = line[i..eq];
                var value = new StringBuilder();
                i = eq + 2;
                for (; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                }
                if (i >= line.Length)
                {
                    throw Bad(line);
                }
                labels.Add(new(key, value.ToString()));
                i++; // closing quote
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
            }
            i++; // closing brace
        }
        if (name.Length == 0 || i >= line.Length || line[i] != ' ' || i + 1 >= line.Length)
        {
            throw Bad(line);
        }
        return new Sample(name, labels, line[(i + 1)..]);
    }

    private static InvalidDataException Bad(string line) =>
        new($"the agent's stats are not Prometheus text: cannot read the line '{(line.Length <= 80 ? line : line[..77] + "...")}'");

    /// <summary>metric, labels and value in aligned columns.</summary>
    public static string Table(IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int nameWidth = Math.Max("metric".Length, samples.Count == 0 ? 0 : samples.Max(s => s.Name.Length));
        int labelWidth = Math.Max("labels".Length, samples.Count == 0 ? 0 : samples.Max(s => s.LabelText.Length));
        var b = new StringBuilder();
        b.Append("metric".PadRight(nameWidth)).Append("  ").Append("labels".PadRight(labelWidth)).Append("  value\n");
        foreach (Sample s in samples)
        {
            b.Append(s.Name.PadRight(nameWidth)).Append("  ").Append(s.LabelText.PadRight(labelWidth)).Append("  ").Append(s.Value).Append('\n');
        }
        return b.ToString();
    }

    /// <summary>One JSON object on one line: <c>{"at": ..., "samples": [{"name", "labels": {...}, "value"}]}</c>;
    /// NaN and infinities are the strings Prometheus writes.</summary>
    public static string Json(DateTime atUtc, IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("at", atUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.WriteStartArray("samples");
            foreach (Sample s in samples)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteStartObject("labels");
                foreach (KeyValuePair<string, string> l in s.Labels)
                {
                    w.WriteString(l.Key, l.Value);
                }
                w.WriteEndObject();
                if (double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                {
                    w.WriteNumber("value", v);
                }
                else
                {
                    w.WriteString("value", s.Value);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The CSV header of <see cref="CsvRows"/>.</summary>
    public const string CsvHeader = "at,metric,labels,value\n";

    /// <summary>One row per sample, each carrying the snapshot's time (so monitor output stays one table).</summary>
    public static string CsvRows(DateTime atUtc, IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        string at = atUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var b = new StringBuilder();
        foreach (Sample s in samples)
        {
            b.Append(at).Append(',').Append(CsvText.Field(s.Name)).Append(',').Append(CsvText.Field(s.LabelText)).Append(',').Append(CsvText.Field(s.Value)).Append('\n');
        }
        return b.ToString();
    }
}
