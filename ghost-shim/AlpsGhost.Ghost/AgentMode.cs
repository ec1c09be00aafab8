namespace AlpsGhost.Ghost;

/// <summary>How the centralized (global) agent waits for work.</summary>
/// <remarks>Names on the command line and in config files: <see cref="AgentModes"/>.</remarks>
public enum AgentMode
{
    /// <summary>
    /// ghOSt's centralized model: the global agent spins on its CPU, so that CPU never runs enclave
    /// tasks (it is handed to a fair-class task only when one needs it).
    /// </summary>
    Spinning,

    /// <summary>
    /// The global agent sleeps until a message arrives in its queue (queue wakeup) or a deadline it
    /// asked for passes, so a small enclave does not lose a whole CPU; each wakeup costs a context
    /// switch on the agent's CPU.
    /// </summary>
    QueueWakeup,

    /// <summary>
    /// Spin, then sleep: after a round that found work the global agent keeps polling its queue for a
    /// short spin budget (a message then costs no wakeup), and sleeps as in <see cref="QueueWakeup"/>
    /// once the budget passes without work, when its CPU has a task to run, or when the fair class
    /// wants the CPU.
    /// </summary>
    Adaptive,
}
