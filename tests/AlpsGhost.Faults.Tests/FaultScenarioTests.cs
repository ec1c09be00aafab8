using AlpsGhost.Cli.Faults;
using AlpsGhost.Runs.Faults;

namespace AlpsGhost.Faults.Tests;

/// <summary>
/// The fault scenarios of <c>alps-ghost-agent faults</c>: under every fault no task is lost, CPU time is
/// conserved, waits stay under runnable_timeout, the watchdog fires only when the agent stalls past it
/// (and then every task finishes in the fair class), and the agent never throws.
/// </summary>
public sealed class FaultScenarioTests
{
    private static readonly Lazy<IReadOnlyList<FaultScenarioResult>> s_seed1 = new(() => FaultScenarios.RunAll(seed: 1));

    private static FaultScenarioResult Get(string name) => s_seed1.Value.Single(r => r.Name == name);

    [Test]
    public void EveryScenarioHoldsEveryProperty()
    {
        Assert.That(s_seed1.Value, Has.Count.EqualTo(FaultScenarios.Names.Count));
        foreach (FaultScenarioResult r in s_seed1.Value)
        {
            Assert.That(r.Violations, Is.Empty, r.Name);
            Assert.That(r.Lost, Is.Zero, r.Name);
            Assert.That(r.Completed + r.Departed, Is.EqualTo(r.Arrived), r.Name);
            Assert.That(r.Arrived, Is.GreaterThan(1000), r.Name);
        }
    }

    [Test]
    public void OnlyTheLongStallFiresTheWatchdogAndItsTasksFinishInTheFairClass()
    {
        foreach (FaultScenarioResult r in s_seed1.Value)
        {
            Assert.That(r.WatchdogFired, Is.EqualTo(r.Name == "agent-stall-long"), r.Name);
        }
        FaultScenarioResult stall = Get("agent-stall-long");
        Assert.That(stall.Departed, Is.GreaterThan(0), "tasks alive at destruction move to the fair class");
        Assert.That(stall.MaxRunnableWaitMs, Is.GreaterThan(stall.RunnableTimeoutMs), "the watchdog fires only after a wait past the timeout");
        Assert.That(Get("agent-stall-short").MaxRunnableWaitMs, Is.GreaterThan(300).And.LessThanOrEqualTo(1000),
            "a 400 ms stall shows in the waits but stays under the timeout");
    }

    [Test]
    public void InjectedTransactionFailuresAreRetriedNotLost()
    {
        FaultScenarioResult r = Get("txn-failures");
        long stale = r.TxnOutcomes.Single(kv => kv.Key == "target_stale").Value;
        long unavail = r.TxnOutcomes.Single(kv => kv.Key == "cpu_unavail").Value;
        long complete = r.TxnOutcomes.Single(kv => kv.Key == "complete").Value;
        double rate = (double)(stale + unavail) / (stale + unavail + complete);
        Assert.That(rate, Is.InRange(0.07, 0.13), "5 % + 5 % of the commits fail");
        Assert.That(r.Lost, Is.Zero);
    }

    [Test]
    public void RingCorruptionIsSurvivedForManySeeds()
    {
        // Random bytes land differently for each seed: the agent must resync from status words every time.
        for (ulong seed = 2; seed <= 7; seed++)
        {
            IReadOnlyList<FaultScenarioResult> rs = FaultScenarios.RunAll(seed, ["ring-corrupt", "queue-overflow"]);
            Assert.That(rs, Has.Count.EqualTo(2));
            foreach (FaultScenarioResult r in rs)
            {
                Assert.That(r.Violations, Is.Empty, $"{r.Name} seed {seed}");
            }
            Assert.That(rs.Single(r => r.Name == "ring-corrupt").Counters.Single(kv => kv.Key == "ring_bytes_corrupted").Value, Is.EqualTo(400));
        }
    }

    [Test]
    public void AFailingLearnerNeverReachesTheAgent()
    {
        foreach (string name in new[] { "learner-throws", "learner-nan" })
        {
            FaultScenarioResult r = Get(name);
            long rounds = r.Counters.Single(kv => kv.Key == "learner_rounds").Value;
            Assert.That(r.Counters.Single(kv => kv.Key == "learner_failures").Value, Is.EqualTo(rounds).And.GreaterThan(0), name);
            Assert.That(r.Passed, Is.True, name);
        }
    }

    [Test]
    public void UnknownScenarioNameIsRejectedByName() =>
        Assert.That(() => FaultScenarios.RunAll(1, ["no-such"]), Throws.ArgumentException.With.Message.Contains("no-such"));

    [Test]
    public void TableAndJsonShowEveryScenario()
    {
        string table = FaultsCommand.ToTable(s_seed1.Value);
        string json = FaultsCommand.ToJson(s_seed1.Value);
        foreach (string name in FaultScenarios.Names)
        {
            Assert.That(table, Does.Contain(name));
            Assert.That(json, Does.Contain("\"" + name + "\""));
        }
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.That(doc.RootElement.GetProperty("scenarios").GetArrayLength(), Is.EqualTo(FaultScenarios.Names.Count));
    }
}
