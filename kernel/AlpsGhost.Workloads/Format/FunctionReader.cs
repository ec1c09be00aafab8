using System.Text.Json;
using AlpsGhost.Workloads.Arrivals;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Format;

/// <summary>Reads one entry of <c>functions</c>.</summary>
internal static class FunctionReader
{
    /// <summary>Linux TASK_COMM_LEN is 16 including the terminating NUL.</summary>
    public const int MaxCommLength = 15;

    private const string NameExpected = "a name of letters, digits, '.', '_' or '-' (at most 64 characters)";
    private const string ArrivalKinds = "an arrival object {\"process\": \"poisson\"|\"bursty\"|\"explicit\", ...}";

    /// <summary>Parses <c>functions[index]</c>.</summary>
    public static FunctionModel Read(JsonElement e, int index, string file)
    {
        string path = $"$.functions[{index}]";
        JsonObjectReader r = JsonObjectReader.Open(e, path, file, "a function object",
            "name", "description", "group", "comm", "cgroup", "in_enclave", "cpu", "io", "arrival", "static");
        string name = r.String("name", IsValidName, NameExpected);
        string group = r.OptionalString("group", IsValidName, NameExpected) ?? name;
        string comm = r.OptionalString("comm", c => c.Length <= MaxCommLength, $"a command name of 1 to {MaxCommLength} characters (TASK_COMM_LEN - 1)")
            ?? DefaultComm(name);
        string cgroup = r.OptionalString("cgroup", c => c.StartsWith('/') && !c.Contains("//", StringComparison.Ordinal),
            "an absolute cgroup path such as /faas/fib") ?? DefaultCgroup(name);
        bool inEnclave = r.OptionalBool("in_enclave") ?? true;
        _ = r.OptionalString("description", _ => true, "a string");
        Distribution cpu = DistributionReader.Read(r.Require("cpu", DistributionReader.Expected), r.PathOf("cpu"), file);
        IoModel? io = r.Get("io") is JsonElement ioElement ? ReadIo(ioElement, r.PathOf("io"), file) : null;
        ArrivalProcess arrival = ReadArrival(r.Require("arrival", ArrivalKinds), r.PathOf("arrival"), file);
        StaticPolicy? policy = r.Get("static") is JsonElement st ? ReadStatic(st, r.PathOf("static"), file) : null;
        var spec = new FunctionSpec(index, name, group, comm, cgroup, inEnclave, policy);
        return new FunctionModel(spec, cpu, io, arrival);
    }

    /// <summary>Names end up in cgroup paths and reports, so they stay simple.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The comm a function's tasks get by default: its name, cut to what Linux keeps.</summary>
    public static string DefaultComm(string name) => name.Length <= MaxCommLength ? name : name[..MaxCommLength];

    /// <summary>The cgroup a function's tasks get by default.</summary>
    public static string DefaultCgroup(string name) => $"/faas/{name}";

    private static IoModel ReadIo(JsonElement e, string path, string file)
    {
        JsonObjectReader r = JsonObjectReader.Open(e, path, file, "an io object {\"bursts\", \"block\", \"cpu_split\"}", "bursts", "block", "cpu_split");
        const string burstsExpected = "a whole number of blocking waits in [0, 1000], or {\"min\": a, \"max\": b}";
        JsonElement b = r.Require("bursts", burstsExpected);
        int min;
        int max;
        if (b.ValueKind == JsonValueKind.Number)
        {
            if (!b.TryGetInt32(out min) || min is < 0 or > 1000)
            {
                throw JsonObjectReader.Fail(file, r.PathOf("bursts"), b, burstsExpected);
            }
            max = min;
        }
        else
        {
            JsonObjectReader br = JsonObjectReader.Open(b, r.PathOf("bursts"), file, burstsExpected, "min", "max");
            min = (int)br.Integer("min", 0, 1000, "a whole number of blocking waits in [0, 1000]");
            max = (int)br.Integer("max", min, 1000, $"a whole number of blocking waits in [min ({min}), 1000]");
        }
        Distribution block = DistributionReader.Read(r.Require("block", DistributionReader.Expected), r.PathOf("block"), file);
        string split = r.OptionalString("cpu_split", s => s is "even" or "per_burst", "\"even\" or \"per_burst\"") ?? "even";
        return new IoModel(min, max, block, split == "per_burst");
    }

    private static ArrivalProcess ReadArrival(JsonElement e, string path, string file)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw JsonObjectReader.Fail(file, path, e, ArrivalKinds);
        }
        if (!e.TryGetProperty("process", out JsonElement kind))
        {
            throw new WorkloadFileException(file, $"{path}.process", null, "one of poisson, bursty, explicit");
        }
        switch (kind.ValueKind == JsonValueKind.String ? kind.GetString() : null)
        {
            case "poisson":
            {
                JsonObjectReader r = JsonObjectReader.Open(e, path, file, ArrivalKinds, "process", "weight", "rate_per_s");
                (double rate, bool scaled) = ReadRate(r);
                return new PoissonArrivals(rate, scaled);
            }
            case "bursty":
            {
                JsonObjectReader r = JsonObjectReader.Open(e, path, file, ArrivalKinds,
                    "process", "weight", "rate_per_s", "mean_on_ms", "mean_off_ms", "off_rate_ratio");
                (double rate, bool scaled) = ReadRate(r);
                double on = r.Number("mean_on_ms", v => v > 0, "a positive mean ON-period length in milliseconds");
                double off = r.Number("mean_off_ms", v => v > 0, "a positive mean OFF-period length in milliseconds");
                double ratio = r.OptionalNumber("off_rate_ratio", v => v >= 0 && v <= 1, "the OFF rate as a fraction of the ON rate, in [0, 1]") ?? 0;
                return new BurstyArrivals(rate, scaled, on, off, ratio);
            }
            case "explicit":
            {
                JsonObjectReader r = JsonObjectReader.Open(e, path, file, ArrivalKinds, "process", "times_ms");
                const string expected = "an array of arrival times in milliseconds, non-negative and non-decreasing";
                JsonElement array = r.Array("times_ms", expected);
                var times = new long[array.GetArrayLength()];
                double previous = 0;
                int i = 0;
                foreach (JsonElement t in array.EnumerateArray())
                {
                    double ms = r.CheckNumber(t, $"{r.PathOf("times_ms")}[{i}]", v => v >= 0 && v >= previous && v < WorkloadLimits.MaxDurationS * 1e3,
                        $"a time in milliseconds >= the previous one ({previous}) and below one week ({WorkloadLimits.MaxDurationS * 1e3})");
                    times[i++] = AlpsGhost.Ghost.Nanoseconds.FromMilliseconds(ms);
                    previous = ms;
                }
                return new ExplicitArrivals(times);
            }
            default:
                throw JsonObjectReader.Fail(file, $"{path}.process", kind, "one of poisson, bursty, explicit");
        }
    }

    private static (double Rate, bool Scaled) ReadRate(JsonObjectReader r)
    {
        const string expected = "exactly one of weight (share of the scaled total rate) or rate_per_s (absolute, not scaled)";
        bool hasWeight = r.Has("weight");
        bool hasRate = r.Has("rate_per_s");
        if (hasWeight == hasRate)
        {
            throw new WorkloadFileException(r.File, hasWeight ? r.PathOf("rate_per_s") : r.PathOf("weight"), null, expected,
                problem: hasWeight ? "both weight and rate_per_s given" : "missing");
        }
        return hasWeight
            ? (r.Number("weight", v => v > 0, "a positive weight (share of the total arrival rate)"), true)
            : (r.Number("rate_per_s", v => v > 0 && v <= 1e7, "a positive number of arrivals per second (at most 1e7)"), false);
    }

    private static StaticPolicy ReadStatic(JsonElement e, string path, string file)
    {
        JsonObjectReader r = JsonObjectReader.Open(e, path, file, "a static policy object {\"rank\", \"slice_ms\"}", "rank", "slice_ms");
        int rank = (int)r.Integer("rank", 1, 1_000_000, "a whole rank >= 1 (1 runs first)");
        double slice = r.Number("slice_ms", v => v >= 0 && v <= 60_000, "a time slice in milliseconds in [0, 60000] (0 = no protection)");
        return new StaticPolicy(rank, AlpsGhost.Ghost.Nanoseconds.FromMilliseconds(slice));
    }
}
