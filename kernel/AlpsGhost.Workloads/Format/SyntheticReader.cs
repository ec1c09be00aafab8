using System.Text.Json;
using AlpsGhost.Workloads.Arrivals;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Format;

/// <summary>Reads the <c>synthetic</c> form and generates the function list from the seed: per-function mean
/// execution time log-normal (Azure 2019 fit, seconds: mu = -0.38, sigma = 2.36) clipped to
/// [min_ms, max_ms]; popularity Zipf-like over a ranking that favours short functions.</summary>
/// <remarks>Popularity order: function i gets the key <c>z_i + popularity_noise * z'_i</c>, where z_i is the
/// standard normal that produced its mean and z'_i independent noise; sorting keys ascending gives rank
/// 1, 2, ... and weight <c>1 / rank^zipf_s</c>. With the default noise 1 the log-mean and the rank correlate at
/// about 0.7: popular functions tend to be short, as in the trace (~80 % of invocations under 1 s).</remarks>
internal static class SyntheticReader
{
    /// <summary>Parses <c>$.synthetic</c> and generates the functions.</summary>
    public static List<FunctionModel> Read(JsonElement e, string file, ulong seed)
    {
        const string path = "$.synthetic";
        JsonObjectReader r = JsonObjectReader.Open(e, path, file, "a synthetic object {\"kind\": \"azure2019\", \"functions\": n, ...}",
            "kind", "functions", "mu", "sigma", "min_ms", "max_ms", "cv", "zipf_s", "popularity_noise", "bursty_fraction", "mean_on_ms", "mean_off_ms");
        _ = r.String("kind", k => k == "azure2019", "\"azure2019\" (the only generator)");
        int n = (int)r.Integer("functions", 1, 100_000, "a number of functions in [1, 100000]");
        double mu = r.OptionalNumber("mu", v => v > -20 && v < 20, "the log-mean of per-function mean execution time in seconds, in (-20, 20)") ?? -0.38;
        double sigma = r.OptionalNumber("sigma", v => v >= 0 && v <= 10, "the log-sigma in [0, 10]") ?? 2.36;
        double minMs = r.OptionalNumber("min_ms", DistributionReader.InRange, "a positive number of milliseconds, " + WorkloadLimits.PhaseBound) ?? 1;
        double maxMs = r.OptionalNumber("max_ms", v => v >= minMs && DistributionReader.InRange(v), $"a number of milliseconds >= min_ms ({minMs}), {WorkloadLimits.PhaseBound}") ?? 10_000;
        double cv = r.OptionalNumber("cv", v => v >= 0 && v <= 20, "a per-invocation coefficient of variation in [0, 20]") ?? 1.0;
        double zipf = r.OptionalNumber("zipf_s", v => v >= 0 && v <= 10, "a Zipf exponent in [0, 10]") ?? 1.5;
        double noise = r.OptionalNumber("popularity_noise", v => v >= 0 && v <= 100, "a noise scale in [0, 100]") ?? 1.0;
        double bursty = r.OptionalNumber("bursty_fraction", v => v >= 0 && v <= 1, "a fraction of functions in [0, 1]") ?? 0;
        double onMs = r.OptionalNumber("mean_on_ms", v => v > 0, "a positive mean ON-period in milliseconds") ?? 1000;
        double offMs = r.OptionalNumber("mean_off_ms", v => v > 0, "a positive mean OFF-period in milliseconds") ?? 4000;

        Prng rng = Prng.ForStream(seed, -1, StreamPurpose.SyntheticFunctions);
        var means = new double[n];
        var keys = new double[n];
        var isBursty = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextStandardNormal();
            means[i] = Math.Clamp(Math.Exp(mu + (sigma * z)) * 1000.0, minMs, maxMs);
            keys[i] = z + (noise * rng.NextStandardNormal());
            isBursty[i] = rng.NextOpenUnit() < bursty;
        }
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        var weights = new double[n];
        for (int rank = 0; rank < n; rank++)
        {
            weights[order[rank]] = 1.0 / Math.Pow(rank + 1, zipf);
        }

        int digits = (n - 1).ToString().Length;
        var models = new List<FunctionModel>(n);
        for (int i = 0; i < n; i++)
        {
            string name = $"syn-{i.ToString().PadLeft(digits, '0')}";
            Distribution cpu = cv == 0 ? new ConstantDistribution(means[i]) : new LogNormalDistribution(means[i], cv);
            ArrivalProcess arrival = isBursty[i]
                ? new BurstyArrivals(weights[i], true, onMs, offMs, 0)
                : new PoissonArrivals(weights[i], true);
            var spec = new FunctionSpec(i, name, DurationClass.Of(means[i]), FunctionReader.DefaultComm(name),
                FunctionReader.DefaultCgroup(name), true, null);
            models.Add(new FunctionModel(spec, cpu, null, arrival));
        }
        return models;
    }
}
