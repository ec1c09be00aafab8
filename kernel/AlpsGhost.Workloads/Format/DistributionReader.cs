using System.Text.Json;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Format;

/// <summary>Reads a distribution of positive milliseconds: a bare number (constant) or an object with
/// <c>"dist"</c> = constant | exponential | lognormal | uniform | percentiles.</summary>
internal static class DistributionReader
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string Expected = "a positive number of milliseconds or a distribution object {\"dist\": \"constant\"|\"exponential\"|\"lognormal\"|\"uniform\"|\"percentiles\", ...}";

    private const string PositiveMs = "a positive number of milliseconds, " + WorkloadLimits.PhaseBound;

    /// <summary>Whether <paramref name="v"/> is a valid distribution value: positive, finite, at most <see cref="WorkloadLimits.MaxPhaseMs"/>.</summary>
    public static bool InRange(double v) => v > 0 && v <= WorkloadLimits.MaxPhaseMs;

    /// <summary>Parses the distribution at <paramref name="path"/>.</summary>
    public static Distribution Read(JsonElement e, string path, string file)
    {
        if (e.ValueKind == JsonValueKind.Number)
        {
            if (!e.TryGetDouble(out double v) || !InRange(v))
            {
                throw JsonObjectReader.Fail(file, path, e, PositiveMs);
            }
            return new ConstantDistribution(v);
        }
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw JsonObjectReader.Fail(file, path, e, Expected);
        }
        if (!e.TryGetProperty("dist", out JsonElement kind))
        {
            throw new WorkloadFileException(file, $"{path}.dist", null, "one of constant, exponential, lognormal, uniform, percentiles");
        }
        string? name = kind.ValueKind == JsonValueKind.String ? kind.GetString() : null;
        switch (name)
        {
            case "constant":
            {
                JsonObjectReader r = JsonObjectReader.Open(e, path, file, Expected, "dist", "value");
                return new ConstantDistribution(r.Number("value", InRange, PositiveMs));
            }
            case "exponential":
            {
                JsonObjectReader r = JsonObjectReader.Open(e, path, file, Expected, "dist", "mean");
                return new ExponentialDistribution(r.Number("mean", InRange, PositiveMs));
            }
            case "lognormal":
            {
                JsonObjectReader r = JsonObjectReader.Open(e, path, file, Expected, "dist", "mean", "cv");
                double mean = r.Number("mean", InRange, PositiveMs);
                double cv = r.Number("cv", v => v >= 0 && v <= 20, "a coefficient of variation (std / mean) in [0, 20]");
                return cv == 0 ? new ConstantDistribution(mean) : new LogNormalDistribution(mean, cv);
            }
            case "uniform":
            {
                JsonObjectReader r = JsonObjectReader.Open(e, path, file, Expected, "dist", "min", "max");
                double min = r.Number("min", InRange, PositiveMs);
                double max = r.Number("max", v => v >= min && InRange(v), $"a number of milliseconds >= min ({min}), {WorkloadLimits.PhaseBound}");
                return new UniformDistribution(min, max);
            }
            case "percentiles":
            {
                string[] keys = ["dist", .. PercentileDistribution.Names];
                JsonObjectReader r = JsonObjectReader.Open(e, path, file, Expected, keys);
                var values = new double[PercentileDistribution.Names.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    double previous = i == 0 ? 0 : values[i - 1];
                    string expected = i == 0
                        ? PositiveMs
                        : $"a number of milliseconds >= {PercentileDistribution.Names[i - 1]} ({previous}), {WorkloadLimits.PhaseBound}";
                    values[i] = r.Number(PercentileDistribution.Names[i], v => InRange(v) && v >= previous, expected);
                }
                return new PercentileDistribution(values);
            }
            default:
                throw JsonObjectReader.Fail(file, $"{path}.dist", kind, "one of constant, exponential, lognormal, uniform, percentiles");
        }
    }
}
