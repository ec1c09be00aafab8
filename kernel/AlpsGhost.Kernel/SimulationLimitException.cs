namespace AlpsGhost.Kernel;

/// <summary>A run is larger than the simulated kernel can represent; the message names the workload, its size and
/// the limit.</summary>
public sealed class SimulationLimitException(string message) : Exception(message);
