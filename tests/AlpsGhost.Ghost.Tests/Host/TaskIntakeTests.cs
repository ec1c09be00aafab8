using AlpsGhost.Ghost.Host;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Tests.Host;

/// <summary>Threads are found per process and per cgroup subtree, moved once each, and vanished threads are tolerated.</summary>
public class TaskIntakeTests
{
    private sealed class RecordingSink : ITaskSink
    {
        public List<int> Added { get; } = [];
        public HashSet<int> Gone { get; } = [];
        public int FailWith { get; set; }

        public int AddTask(int tid)
        {
            if (Gone.Contains(tid))
            {
                return Errno.ESRCH;
            }
            if (FailWith != 0)
            {
                return FailWith;
            }
            Added.Add(tid);
            return 0;
        }
    }

    [Test]
    public void MovesEveryThreadOfAProcess()
    {
        using var tree = new TempTree();
        foreach (int tid in new[] { 4242, 4250, 4243 })
        {
            tree.Dir($"proc/4242/task/{tid}");
        }
        tree.Dir("proc/4242/task/not-a-tid");
        var sink = new RecordingSink();
        sink.Gone.Add(4250);
        TaskIntakeResult r = TaskIntake.MoveProcess(sink, 4242, tree.PathOf("proc"));
        Assert.That(r, Is.EqualTo(new TaskIntakeResult(2, 1)));
        Assert.That(sink.Added, Is.EqualTo(new[] { 4242, 4243 }));
        Assert.That(TaskIntake.ThreadsOf(999, tree.PathOf("proc")), Is.Empty, "a gone process has no threads");
    }

    [Test]
    public void MovesACgroupSubtreeAndStopsOnRealErrors()
    {
        using var tree = new TempTree();
        tree.File("faas/cgroup.threads", "");
        tree.File("faas/fib/cgroup.threads", "10\n");
        tree.File("faas/fib/inv-1/cgroup.threads", "11\n12\n");
        var sink = new RecordingSink();
        Assert.That(TaskIntake.MoveCgroup(sink, tree.PathOf("faas")), Is.EqualTo(new TaskIntakeResult(3, 0)));
        Assert.That(sink.Added, Is.EquivalentTo(new[] { 10, 11, 12 }));
        Assert.That(TaskIntake.ThreadsOfCgroup(tree.PathOf("faas"), recursive: false), Is.Empty);

        sink.FailWith = Errno.EPERM;
        var e = Assert.Throws<GhostNativeException>(() => TaskIntake.MoveCgroup(sink, tree.PathOf("faas")))!;
        Assert.That(e.Message, Does.Contain("needs root or CAP_SYS_NICE"));
    }

    [Test]
    public void WatcherMovesNewThreadsExactlyOnce()
    {
        using var tree = new TempTree();
        tree.File("faas/cgroup.threads", "");
        var sink = new RecordingSink();
        using var watcher = new CgroupTaskWatcher(sink, tree.PathOf("faas"));
        Assert.That(watcher.Poll(), Is.EqualTo(new TaskIntakeResult(0, 0)));

        tree.File("faas/fn/inv-1/cgroup.threads", "100\n101\n");
        Assert.That(watcher.Poll().Moved, Is.EqualTo(2));
        Assert.That(watcher.Poll().Moved, Is.Zero, "already moved");

        tree.File("faas/fn/inv-2/cgroup.threads", "200\n");
        Directory.Delete(tree.PathOf("faas/fn/inv-1"), recursive: true);
        Assert.That(watcher.Poll().Moved, Is.EqualTo(1));

        tree.File("faas/fn/inv-3/cgroup.threads", "100\n"); // a recycled tid is a new thread
        Assert.That(watcher.Poll().Moved, Is.EqualTo(1));
        Assert.That(sink.Added, Is.EqualTo(new[] { 100, 101, 200, 100 }));
        Assert.That(watcher.MovedTotal, Is.EqualTo(4));
    }

    [Test]
    public void MalformedThreadListIsRejected() =>
        Assert.Throws<GhostfsFormatException>(() => TaskIntake.ParseThreadList("12\nabc\n"));

    [Test]
    public void TaskIsDescribedFromProcfs()
    {
        using var tree = new TempTree();
        tree.File("proc/777/comm", "python3\n");
        tree.File("proc/777/cgroup", "1:cpu:/legacy\n0::/faas/fib/inv-17\n");
        long gtid = (777L << 41) | 5;
        Assert.That(ProcTaskDescriber.TryDescribe(gtid, out TaskDescription d, tree.PathOf("proc")), Is.True);
        Assert.That(d, Is.EqualTo(new TaskDescription(777, "python3", "/faas/fib/inv-17")));
        Assert.That(ProcTaskDescriber.TryDescribe((778L << 41) | 1, out _, tree.PathOf("proc")), Is.False);
        Assert.That(ProcTaskDescriber.ParseCgroupV2Path("1:cpu:/x\n"), Is.Empty);
    }

    [Test]
    public void GhostfsTasksFileWritesTheTid()
    {
        using var tree = new TempTree();
        tree.File("enclave_1/tasks", "");
        var file = new GhostfsTasksFile(tree.PathOf("enclave_1"));
        Assert.That(file.AddTask(4321), Is.Zero);
        Assert.That(tree.Read("enclave_1/tasks"), Is.EqualTo("4321"));
        Assert.That(new GhostfsTasksFile(tree.PathOf("missing")).AddTask(1), Is.EqualTo(Errno.ENOENT));
    }
}
