namespace AlpsGhost.Workloads;

/// <summary>A FaaS function: the unit ALPS learns a rank and a slice for.</summary>
/// <param name="Id">Dense id, 0..n-1, in file order.</param>
/// <param name="Name">Function name, unique in the workload.</param>
/// <param name="Group">Report group (e.g. <c>cpu</c>, <c>io</c>, <c>short</c>); defaults to the name.</param>
/// <param name="Comm">Command name its tasks carry (what <c>/proc/&lt;tid&gt;/comm</c> would show).</param>
/// <param name="CgroupPath">cgroup its tasks live in (a FaaS sandbox per function deployment).</param>
/// <param name="InEnclave">False for tasks that stay in the kernel's fair class (background load).</param>
/// <param name="StaticPolicy">Operator-given rank and slice for <c>alps</c> without a learner, if any.</param>
public sealed record FunctionSpec(
    int Id,
    string Name,
    string Group,
    string Comm,
    string CgroupPath,
    bool InEnclave,
    StaticPolicy? StaticPolicy);

/// <summary>A fixed rank and time slice for a function.</summary>
/// <param name="Rank">1 = runs first.</param>
/// <param name="SliceNs">Minimum uninterrupted run per dispatch; 0 = no protection.</param>
public sealed record StaticPolicy(int Rank, long SliceNs);
