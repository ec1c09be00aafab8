using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Kernel;
using AlpsGhost.Service.Registration;
using AlpsGhost.Service.Tests.Registration;
using AlpsGhost.Workloads;
using CsCheck;

namespace AlpsGhost.Faults.Tests;

/// <summary>Issue 17's classes generated rather than listed: huge values, clock overflow, processes that exit
/// (pid reuse) and idle clients.</summary>
public sealed class HostileInputProperties
{
    private const long Ms = 1_000_000;

    private static readonly string[] s_timeFields =
    [
        "\"cpu\": {0}",
        "\"cpu\": {{ \"dist\": \"exponential\", \"mean\": {0} }}",
        "\"cpu\": {{ \"dist\": \"lognormal\", \"mean\": {0}, \"cv\": 1 }}",
        "\"cpu\": {{ \"dist\": \"uniform\", \"min\": 1, \"max\": {0} }}",
        "\"cpu\": 5, \"io\": {{ \"bursts\": 2, \"block\": {0} }}",
        "\"cpu\": {{ \"dist\": \"percentiles\", \"p0\": 1, \"p1\": 1, \"p25\": 2, \"p50\": 3, \"p75\": 4, \"p99\": 5, \"p100\": {0} }}",
    ];

    [Test]
    public void AnyTimeAboveTheBoundIsRejectedNamingTheBound()
    {
        Gen<double> huge = Gen.OneOf(Gen.Double[WorkloadLimits.MaxPhaseMs * (1 + 1e-9), 1e15], Gen.Double[1e15, 1e308]);
        Fuzz.Holds(Gen.Select(huge, Gen.Int[0, s_timeFields.Length - 1]), c =>
        {
            string field = string.Format(CultureInfo.InvariantCulture, s_timeFields[c.Item2], c.Item1.ToString("R", CultureInfo.InvariantCulture));
            string json = "{ \"duration_s\": 1, \"functions\": [ { \"name\": \"f\", " + field + ", \"arrival\": { \"process\": \"explicit\", \"times_ms\": [0] } } ] }";
            var ex = Assert.Throws<WorkloadFileException>(() => WorkloadFile.Parse(json, "huge.json", ".", new WorkloadOverrides()))!;
            Assert.That(ex.Message, Does.Contain("at most 3600000 ms (one hour)"), json);
        }, iter: 400);
    }

    [Test]
    public void ValidExtremeTimesNeverOverflowTheSimulatedClock()
    {
        // Arrivals anywhere in the week and waits up to the bound: every outcome is consistent and none wraps.
        Gen<(long Arrival, long[] Phases)> invocation = Gen.Select(
            Gen.OneOf(Gen.Long[0, WorkloadLimits.MaxDurationNs], Gen.Long[WorkloadLimits.MaxDurationNs - 1000, WorkloadLimits.MaxDurationNs]),
            Gen.OneOf(Gen.Long[1, 10 * Ms], Gen.Long[WorkloadLimits.MaxPhaseNs - 1000, WorkloadLimits.MaxPhaseNs]).Array[1, 7]);
        Fuzz.Holds(Gen.Select(invocation.Array[1, 5], Gen.Int[1, 3]), c =>
        {
            (long Arrival, long[] Phases)[] specs = [.. c.Item1.OrderBy(i => i.Arrival)];
            var functions = new List<FunctionSpec> { new(0, "f", "f", "f", "/faas/f", true, null) };
            var invocations = new List<InvocationSpec>();
            for (int i = 0; i < specs.Length; i++)
            {
                // Compute phases (kept short so a run is fast) alternate with waits of any allowed length.
                Phase[] phases = [.. specs[i].Phases.Select((d, k) => k % 2 == 0 ? new Phase(PhaseKind.Cpu, Math.Min(d, 10 * Ms)) : new Phase(PhaseKind.Block, d))];
                invocations.Add(new InvocationSpec(i, 0, specs[i].Arrival, phases));
            }
            var w = new Workload("extreme", functions, invocations);
            using var k = new SimulatedKernel(w, new SimulationOptions { CpuCount = c.Item2 });
            SimulationResult r = k.Run();
            Assert.That(r.Finished + r.Unfinished + r.NotArrived, Is.EqualTo(specs.Length));
            Assert.That(r.EndNs, Is.InRange(0, SimulationOptions.DefaultTimeLimitNs));
            Assert.That(r.StoppedAtTimeLimit, Is.EqualTo(r.Finished < specs.Length));
            foreach (TaskOutcome t in r.Tasks)
            {
                if (t.Finished)
                {
                    Assert.That(t.FinishNs - t.ArrivalNs, Is.GreaterThanOrEqualTo(t.DemandNs + t.BlockedNs), "a finished task took at least its phases");
                    Assert.That(t.CpuNs, Is.EqualTo(t.DemandNs));
                }
            }
        }, iter: 60);
    }

    [Test]
    public void SaturatingAddIsExactOrSaturates()
    {
        Fuzz.Holds(Gen.Select(Gen.Long, Gen.Long[0, long.MaxValue]), c =>
        {
            Int128 exact = (Int128)c.Item1 + c.Item2;
            long got = Nanoseconds.SaturatingAdd(c.Item1, c.Item2);
            Assert.That(got, Is.EqualTo(exact > long.MaxValue ? long.MaxValue : (long)exact));
        }, iter: 20_000);
    }

    [Test]
    public async Task RegistrationsOfExitedProcessesNeverResolve()
    {
        // Processes come and go in a generated order; whatever exits loses its registration (its pid may be reused).
        using var dir = new TempSocketDir();
        var table = new RegistrationTable();
        var config = new RegistrationSocketConfig { Path = dir.Socket };
        await using var server = new RegistrationServer(config, table);
        server.Start();
        bool[][] plans = [.. Enumerable.Range(0, 6).Select(i => Gen.Bool.Array[1, 4].Generate(new PCG(7, (ulong)i), null, out _))];
        foreach (bool[] killPlan in plans)
        {
            var children = killPlan.Select(_ => Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!).ToList();
            try
            {
                using var client = await LineClient.ConnectAsync(dir.Socket);
                foreach (Process p in children)
                {
                    Assert.That(await client.RequestAsync($"REGISTER {p.Id} fn"), Is.EqualTo("OK"));
                }
                for (int i = 0; i < children.Count; i++)
                {
                    if (killPlan[i])
                    {
                        children[i].Kill();
                        await children[i].WaitForExitAsync();
                    }
                }
                for (int i = 0; i < children.Count; i++)
                {
                    Assert.That(table.TryGet(children[i].Id, out _), Is.EqualTo(!killPlan[i]), $"child {i} killed={killPlan[i]}");
                }
            }
            finally
            {
                foreach (Process p in children)
                {
                    if (!p.HasExited)
                    {
                        p.Kill();
                        await p.WaitForExitAsync();
                    }
                    p.Dispose();
                }
            }
            table.Sweep();
            Assert.That(table.Count, Is.Zero, "every process of the round has exited and been swept");
        }
    }

    [Test]
    public async Task IdleClientsNeverLockOutALaterClient()
    {
        // Any number of silent connections (within or beyond max_clients): once they time out, a new client is served.
        Gen<(int MaxClients, int Idle)> gen = Gen.Select(Gen.Int[1, 4], Gen.Int[0, 8]);
        for (int i = 0; i < 6; i++)
        {
            (int maxClients, int idle) = gen.Generate(new PCG(11, (ulong)i), null, out _);
            using var dir = new TempSocketDir();
            var config = new RegistrationSocketConfig { Path = dir.Socket, MaxClients = maxClients };
            await using var server = new RegistrationServer(config, new RegistrationTable(), idleTimeout: TimeSpan.FromMilliseconds(100));
            server.Start();
            var silent = new List<LineClient>();
            try
            {
                for (int j = 0; j < idle; j++)
                {
                    silent.Add(await LineClient.ConnectAsync(dir.Socket));
                }
                foreach (LineClient s in silent)
                {
                    string? first = await s.ReadLineAsync();
                    Assert.That(first, Does.StartWith("ERR idle timeout").Or.StartWith("ERR too many clients"), $"max {maxClients}, idle {idle}");
                    Assert.That(await s.ReadLineAsync(), Is.Null, "then closed (its slot is free by then)");
                }
                using LineClient late = await LineClient.ConnectAsync(dir.Socket);
                Assert.That(await late.RequestAsync("PING"), Is.EqualTo("OK"), $"max {maxClients}, idle {idle}");
            }
            finally
            {
                silent.ForEach(s => s.Dispose());
            }
        }
    }

    private sealed class TempSocketDir : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("ag-prop-").FullName;

        public string Socket => Path.Combine(_dir, "r.sock");

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}
