namespace AlpsGhost.Workloads.Tests;

/// <summary>A workload is a pure function of (file, seed, cpus, utilization, duration).</summary>
public class DeterminismTests
{
    private static string ShippedPath(string name) => Path.Combine(RepoPaths.Workloads, name);

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ShippedWorkloadNames))]
    public void SameSeedGivesIdenticalInvocationsAndDifferentSeedDiffers(string name)
    {
        Workload a = WorkloadFile.Load(ShippedPath(name), new WorkloadOverrides { CpuCount = 2, Seed = 99 });
        Workload b = WorkloadFile.Load(ShippedPath(name), new WorkloadOverrides { CpuCount = 2, Seed = 99 });
        Workload c = WorkloadFile.Load(ShippedPath(name), new WorkloadOverrides { CpuCount = 2, Seed = 100 });
        Assert.That(Fingerprint(a), Is.EqualTo(Fingerprint(b)));
        Assert.That(a.Functions, Is.EqualTo(b.Functions));
        Assert.That(Fingerprint(a), Is.Not.EqualTo(Fingerprint(c)));
    }

    [Test]
    public void SeedSaltChangesTheDraws()
    {
        const string template = """{ "duration_s": 10, "utilization": 0.5, SALT "functions": [ { "name": "f", "cpu": { "dist": "exponential", "mean": 5 }, "arrival": { "process": "poisson", "weight": 1 } } ] }""";
        Workload plain = ScalingTests.Parse(template.Replace("SALT", ""));
        Workload salted = ScalingTests.Parse(template.Replace("SALT", "\"seed_salt\": 7,"));
        Assert.That(Fingerprint(plain), Is.Not.EqualTo(Fingerprint(salted)));
    }

    [Test]
    public void AddingAFunctionDoesNotReshuffleTheOthers()
    {
        const string one = """
            { "duration_s": 60, "functions": [
              { "name": "a", "cpu": { "dist": "lognormal", "mean": 5, "cv": 1 }, "io": { "bursts": { "min": 1, "max": 4 }, "block": 3 }, "arrival": { "process": "poisson", "rate_per_s": 20 } } ] }
            """;
        string two = one.Replace("] }", """, { "name": "b", "cpu": 7, "arrival": { "process": "poisson", "rate_per_s": 50 } } ] }""");
        Workload w1 = ScalingTests.Parse(one);
        Workload w2 = ScalingTests.Parse(two);
        Assert.That(w2.Functions, Has.Count.EqualTo(2));
        Assert.That(Fingerprint(w2, onlyFunction: 0), Is.EqualTo(Fingerprint(w1, onlyFunction: 0)));
    }

    /// <summary>Everything the kernel sees of the invocations, as text.</summary>
    internal static string Fingerprint(Workload w, int? onlyFunction = null)
    {
        var sb = new System.Text.StringBuilder();
        foreach (InvocationSpec i in w.Invocations)
        {
            if (onlyFunction is int f && i.FunctionId != f)
            {
                continue;
            }
            sb.Append(i.FunctionId).Append('@').Append(i.ArrivalNs).Append(':');
            foreach (Phase p in i.Phases)
            {
                sb.Append(p.Kind == PhaseKind.Cpu ? 'c' : 'b').Append(p.DurationNs).Append(',');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
