namespace AlpsGhost.Agent.Core;

/// <summary>Where the agent believes a task is.</summary>
public enum TaskState : byte
{
    /// <summary>The table slot is unused.</summary>
    Free = 0,

    /// <summary>Not runnable (blocked, or entered the enclave not runnable).</summary>
    Blocked,

    /// <summary>Runnable and waiting in the policy's run queue.</summary>
    Queued,

    /// <summary>
    /// Our transaction to <see cref="AgentTask.Cpu"/> completed: the kernel latched the task there and
    /// runs it at that CPU's next schedule. It owns the CPU until a message says otherwise.
    /// </summary>
    Latched,

    /// <summary>Latched and seen on the CPU (TASK_ON_CPU, or the ONCPU flag during a resync).</summary>
    OnCpu,

    /// <summary>
    /// We committed another task to its CPU; it is runnable but owns no CPU, and goes back to the run
    /// queue when its TASK_PREEMPT (or BLOCKED / YIELD / DEAD) arrives.
    /// </summary>
    Displaced,
}
