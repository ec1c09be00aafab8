namespace AlpsGhost.Bench.Tests;

/// <summary>Small workload files written into a temporary folder for the tests.</summary>
internal static class TestWorkloads
{
    /// <summary>Two groups (short: 2 ms, long: 30 ms of CPU), a few seconds at 60 % of the machine.</summary>
    public const string Tiny = """
    {
      "description": "alps-bench test workload: short and long CPU functions.",
      "name": "tiny",
      "duration_s": 4,
      "utilization": 0.6,
      "functions": [
        { "name": "quick", "group": "short", "cpu": { "dist": "lognormal", "mean": 2, "cv": 0.3 }, "arrival": { "process": "poisson", "weight": 80 } },
        { "name": "slow", "group": "long", "cpu": { "dist": "lognormal", "mean": 30, "cv": 0.3 }, "arrival": { "process": "poisson", "weight": 20 } }
      ]
    }
    """;

    /// <summary>A one-second CPU + I/O mix for the real-thread engine.</summary>
    public const string RealSecond = """
    {
      "description": "alps-bench test workload for real threads: one second, CPU and I/O functions.",
      "name": "real-second",
      "duration_s": 1,
      "utilization": 0.3,
      "functions": [
        { "name": "burn", "group": "cpu", "cpu": { "dist": "lognormal", "mean": 8, "cv": 0.3 }, "arrival": { "process": "poisson", "weight": 50 } },
        {
          "name": "wait", "group": "io",
          "cpu": { "dist": "lognormal", "mean": 1, "cv": 0.3 },
          "io": { "bursts": 2, "block": 3, "cpu_split": "per_burst" },
          "arrival": { "process": "poisson", "weight": 50 }
        }
      ]
    }
    """;

    /// <summary>A handful of invocations (CPU-only and CPU + sleep), well under a second of arrivals.</summary>
    public const string Handful = """
    {
      "description": "alps-bench real test: a handful of short invocations.",
      "name": "handful",
      "duration_s": 0.4,
      "utilization": 0.3,
      "functions": [
        { "name": "burn", "group": "cpu", "cpu": { "dist": "lognormal", "mean": 6, "cv": 0.3 }, "arrival": { "process": "poisson", "weight": 50 } },
        {
          "name": "wait", "group": "io",
          "cpu": { "dist": "lognormal", "mean": 2, "cv": 0.3 },
          "io": { "bursts": 2, "block": 3, "cpu_split": "per_burst" },
          "arrival": { "process": "poisson", "weight": 50 }
        }
      ]
    }
    """;

    /// <summary>Writes <paramref name="json"/> as <paramref name="name"/>.json into a new temporary folder.</summary>
    public static string Write(string name, string json)
    {
        string dir = Path.Combine(Path.GetTempPath(), "alps-bench-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
