namespace AlpsGhost.Ghost;

/// <summary>How the centralized (global) agent waits for work.</summary>
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
}
