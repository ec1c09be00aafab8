using AlpsGhost.Ghost;

namespace AlpsGhost.Agent.Identity;

/// <summary>Maps a task to the FaaS function it runs; called once per task, at TASK_NEW.</summary>
public interface IFunctionResolver
{
    /// <summary>The function id of <paramref name="task"/>, or -1 when it belongs to no known function.</summary>
    int Resolve(in TaskDescription task);
}
