namespace AlpsGhost.Ghost.Host;

/// <summary>How many threads a <see cref="TaskIntake"/> call moved, and how many had exited before they could be moved.</summary>
/// <param name="Moved">Threads written to the enclave's <c>tasks</c>.</param>
/// <param name="Vanished">Threads that exited first (ESRCH).</param>
public readonly record struct TaskIntakeResult(int Moved, int Vanished);
