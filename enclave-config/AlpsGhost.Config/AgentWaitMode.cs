namespace AlpsGhost.Config;

/// <summary>How the global agent waits for work (<c>agent.mode</c>).</summary>
public enum AgentWaitMode
{
    /// <summary>"spinning": ghOSt's centralized model, the global agent's CPU runs no enclave task.</summary>
    Spinning,

    /// <summary>"queue-wakeup": the global agent sleeps until its queue has a message or a deadline passes.</summary>
    QueueWakeup,

    /// <summary>"adaptive": the global agent polls for a short spin budget after work, then sleeps as queue-wakeup.</summary>
    Adaptive,
}
