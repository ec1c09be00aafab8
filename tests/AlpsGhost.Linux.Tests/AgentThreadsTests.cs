namespace AlpsGhost.Linux.Tests;

/// <summary>Every thread of the agent's process is kept above the bands, including threads the runtime adds later.</summary>
public sealed class AgentThreadsTests
{
    private sealed class FakeKernel : IKernelScheduling
    {
        public readonly Dictionary<int, int> Priority = [];
        public readonly HashSet<int> Refusing = [];
        public int Raises;

        public int Raise(int tid, int priority, bool roundRobin)
        {
            Raises++;
            if (Refusing.Contains(tid))
            {
                return 3; // ESRCH
            }
            Priority[tid] = priority;
            return 0;
        }

        public int MakeFair(int tid, int nice)
        {
            Priority.Remove(tid);
            return 0;
        }

        public bool IsRealtime(int tid) => Priority.ContainsKey(tid);
    }

    [Test]
    public void EveryFairThread_IsRaised_AndAlreadyRealtimeOnesAreLeftAlone()
    {
        var kernel = new FakeKernel();
        kernel.Priority[1] = 41; // the agent thread, raised by itself
        var threads = new List<int> { 1, 2, 3 };
        var guard = new AgentThreads(kernel, 41, () => threads, () => 1);
        Assert.That(guard.RaiseAll(), Is.EqualTo(2));
        Assert.That(kernel.Priority, Is.EquivalentTo(new Dictionary<int, int> { [1] = 41, [2] = 41, [3] = 41 }));
        Assert.That(kernel.Raises, Is.EqualTo(2), "the real-time thread was not touched");
    }

    [Test]
    public void ThreadsAddedLater_AreRaisedAtTheNextCheck_NotBefore()
    {
        var kernel = new FakeKernel();
        var threads = new List<int> { 10 };
        var guard = new AgentThreads(kernel, 41, () => threads, () => 1);
        guard.Check(0);
        threads.Add(11); // the runtime starts a thread pool worker
        guard.Check(AgentThreads.IntervalNs - 1);
        Assert.That(kernel.IsRealtime(11), Is.False, "checks are at most once per interval");
        guard.Check(AgentThreads.IntervalNs);
        Assert.That(kernel.IsRealtime(11), Is.True);
        Assert.That(guard.Raised, Is.EqualTo(2));
    }

    [Test]
    public void A_thread_the_pool_adds_is_raised_at_the_next_round_not_a_second_later()
    {
        // A new .NET thread starts fair whatever its creator runs at; the pool adds and retires threads while the agent
        // runs, so a change in its count triggers a check at once.
        var kernel = new FakeKernel();
        var threads = new List<int> { 10 };
        int pool = 1;
        var guard = new AgentThreads(kernel, 41, () => threads, () => pool);
        guard.Check(0);
        threads.Add(12);
        pool = 2; // the pool injects a worker
        guard.Check(4_000_000);
        Assert.That(kernel.IsRealtime(12), Is.True, "raised at the next round");
        threads.Add(13); // a thread outside the pool: the once-a-second check finds it
        guard.Check(8_000_000);
        Assert.That(kernel.IsRealtime(13), Is.False);
        guard.Check(4_000_000 + AgentThreads.IntervalNs);
        Assert.That(kernel.IsRealtime(13), Is.True);
    }

    [Test]
    public void A_refused_raise_is_counted_and_retried()
    {
        var kernel = new FakeKernel();
        kernel.Refusing.Add(5);
        var guard = new AgentThreads(kernel, 41, () => [5], () => 1);
        guard.Check(0);
        Assert.That(guard.Refused, Is.EqualTo(1));
        kernel.Refusing.Clear();
        guard.Check(AgentThreads.IntervalNs);
        Assert.That(kernel.IsRealtime(5), Is.True);
        Assert.That(guard.Refused, Is.EqualTo(1));
    }
}
