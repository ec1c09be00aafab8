namespace AlpsGhost.Ghost.Host;

/// <summary>Something threads can be moved into: an enclave's <c>tasks</c> file (or a test double).</summary>
public interface ITaskSink
{
    /// <summary>Moves thread <paramref name="tid"/> in; returns 0 or a positive errno (ESRCH: the thread is gone).</summary>
    int AddTask(int tid);
}
