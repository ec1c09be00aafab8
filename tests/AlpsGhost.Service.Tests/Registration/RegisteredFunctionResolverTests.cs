using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Ghost;
using AlpsGhost.Kernel;
using AlpsGhost.Service.Registration;
using AlpsGhost.Workloads;

namespace AlpsGhost.Service.Tests.Registration;

/// <summary>Registrations decide a task's function before the rules do, and so its ALPS rank.</summary>
public class RegisteredFunctionResolverTests
{
    private static readonly string FibGroups = Path.Combine(RepoRoot(), "bench", "workloads", "fib-groups.json");

    private static CgroupFunctionResolver Rules(Workload w)
    {
        var byCgroup = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (FunctionSpec f in w.Functions)
        {
            byCgroup[f.CgroupPath] = f.Id;
        }
        return new CgroupFunctionResolver(byCgroup);
    }

    private static FunctionNameIds Ids(Workload w)
    {
        var names = new List<string>();
        foreach (FunctionSpec f in w.Functions)
        {
            names.Add(f.Name);
        }
        return new FunctionNameIds(names);
    }

    [Test]
    public void RegisteredTidWinsOverTheRulesAndTgidIsLookedUpInProc()
    {
        using var proc = new TempDir();
        Directory.CreateDirectory(proc.File("2001"));
        File.WriteAllText(proc.File("2001/status"), "Name:\tworker\nUmask:\t0022\nState:\tR (running)\nTgid:\t2000\nNgid:\t0\nPid:\t2001\n");
        var table = new RegistrationTable();
        var ids = new FunctionNameIds(["a", "b"]);
        var fallback = new CgroupFunctionResolver(new Dictionary<string, int> { ["/alps/a"] = 0 });
        var resolver = new RegisteredFunctionResolver(fallback, table, ids, proc.Path);
        var thread = new TaskDescription(2001, "worker", "/alps/a/inst-1");

        Assert.That(resolver.Resolve(thread), Is.EqualTo(0), "no registration: the rules decide");
        table.Register(2000, new RegistrationEntry("b", null, Trusted: true, PeerPid: 1));
        Assert.That(resolver.Resolve(thread), Is.EqualTo(1), "a thread of a registered process gets the process's function");
        table.Register(2001, new RegistrationEntry("c", null, Trusted: true, PeerPid: 1));
        Assert.That(resolver.Resolve(thread), Is.EqualTo(2), "the tid's own registration wins; a new name gets the next id");
        Assert.That(ids.Names, Is.EqualTo(new[] { "a", "b", "c" }));
        table.Register(2001, new RegistrationEntry("b", null, Trusted: false, PeerPid: 2001));
        table.Unregister(2000);
        Assert.That(resolver.Resolve(thread), Is.EqualTo(0), "an untrusted registration never decides the function: rules (or unknown) apply");
        Assert.That(resolver.ReadTgid(999), Is.EqualTo(-1), "a vanished task is simply not registered");
    }

    [Test]
    public void RegistrationChangesTheRankAlpsGivesATask()
    {
        Workload w = WorkloadFile.Load(FibGroups, new WorkloadOverrides { CpuCount = 2, Seed = 5 });
        var table = new RegistrationTable();
        using var proc = new TempDir();
        var resolver = new RegisteredFunctionResolver(Rules(w), table, Ids(w), proc.Path);
        var policy = new AlpsPolicy(new PolicyPublisher(StaticTable(w)));
        policy.Initialize(4);
        int xlong = FunctionId(w, "fib-xlong");
        int shortId = FunctionId(w, "fib-short");
        var description = new TaskDescription(1000 + 7, "fib-xlong", w.Functions[xlong].CgroupPath + "/inv-7");

        Assert.That(RankOf(policy, resolver.Resolve(description), slot: 0), Is.EqualTo(w.Functions[xlong].StaticPolicy!.Rank));
        table.Register(1007, new RegistrationEntry("fib-short", null, Trusted: true, PeerPid: 1));
        Assert.That(RankOf(policy, resolver.Resolve(description), slot: 1), Is.EqualTo(w.Functions[shortId].StaticPolicy!.Rank));
    }

    [Test]
    public void RegistrationChangesTheRankOfASimulatedTaskEndToEnd()
    {
        Workload w = WorkloadFile.Load(FibGroups, new WorkloadOverrides { CpuCount = 2, Seed = 5, DurationNs = 2_000_000_000 });
        int xlong = FunctionId(w, "fib-long");
        int shortId = FunctionId(w, "fib-short");
        InvocationSpec target = w.Invocations.First(i => i.FunctionId == xlong);
        int tid = 1000 + target.Id;

        Dictionary<long, int> baseline = Run(w, table => { });
        Dictionary<long, int> trusted = Run(w, table => table.Register(tid, new RegistrationEntry("fib-short", null, true, 1)));
        Dictionary<long, int> untrusted = Run(w, table => table.Register(tid, new RegistrationEntry("fib-short", null, false, tid)));

        Assert.That(baseline[tid], Is.EqualTo(w.Functions[xlong].StaticPolicy!.Rank), "the rules put it in fib-long");
        Assert.That(trusted[tid], Is.EqualTo(w.Functions[shortId].StaticPolicy!.Rank), "a trusted registration makes it fib-short");
        Assert.That(untrusted[tid], Is.EqualTo(baseline[tid]), "an untrusted claim cannot raise its priority");
        foreach (KeyValuePair<long, int> other in baseline)
        {
            if (other.Key != tid)
            {
                Assert.That(trusted[other.Key], Is.EqualTo(other.Value), $"tid {other.Key} is not affected");
            }
        }
    }

    private static Dictionary<long, int> Run(Workload w, Action<RegistrationTable> register)
    {
        using var proc = new TempDir();
        var table = new RegistrationTable();
        register(table);
        using var kernel = new SimulatedKernel(w, new SimulationOptions { CpuCount = 2, Seed = 5 });
        var policy = new RankRecordingPolicy(new AlpsPolicy(new PolicyPublisher(StaticTable(w))));
        var agent = new CentralizedAgent(kernel.CreateEnclave(), policy, new AgentOptions(),
            new RegisteredFunctionResolver(Rules(w), table, Ids(w), proc.Path));
        kernel.AttachAgent(new Adapter(agent));
        SimulationResult result = kernel.Run();
        Assert.That(result.Finished, Is.EqualTo(w.Invocations.Count), "the run completes");
        return policy.RankByTid;
    }

    private static int RankOf(AlpsPolicy policy, int functionId, int slot)
    {
        var task = new AgentTask { Slot = slot, FunctionId = functionId };
        policy.Enqueue(ref task, EnqueueReason.New, 0);
        return task.Rank;
    }

    private static int FunctionId(Workload w, string name) => w.Functions.First(f => f.Name == name).Id;

    private static PolicySnapshot StaticTable(Workload w)
    {
        var table = new FunctionPolicy[w.Functions.Count];
        var known = new bool[w.Functions.Count];
        foreach (FunctionSpec f in w.Functions)
        {
            if (f.StaticPolicy is { } s)
            {
                table[f.Id] = new FunctionPolicy(s.Rank, s.SliceNs);
                known[f.Id] = true;
            }
        }
        return new PolicySnapshot(0, 0, table, known);
    }

    private static string RepoRoot()
    {
        string? dir = TestContext.CurrentContext.TestDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "alps-ghost.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("repository root (alps-ghost.slnx) not found above the test directory");
    }

    private sealed class Adapter(CentralizedAgent agent) : ISimulatedAgent
    {
        public long RunOnce() => agent.RunOnce();
    }
}
