namespace AlpsGhost.Ghost;

/// <summary>What the host knows about a task beyond its gtid: used to resolve its function.</summary>
/// <param name="Tid">Linux thread id.</param>
/// <param name="Comm">Command name (<c>/proc/&lt;tid&gt;/comm</c>).</param>
/// <param name="CgroupPath">cgroup v2 path (<c>/proc/&lt;tid&gt;/cgroup</c>), e.g. <c>/faas/fib/inv-17</c>.</param>
public readonly record struct TaskDescription(int Tid, string Comm, string CgroupPath);
