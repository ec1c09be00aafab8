namespace AlpsGhost.Agent.Learning;

/// <summary>One job of the SRPT simulation (docs/algorithm.md §1.3).</summary>
/// <param name="FunctionId">The function the job belongs to.</param>
/// <param name="ArrivalTick">Arrival in ticks (1 tick = 1 ms), relative to the simulation start; must be &gt;= 0.</param>
/// <param name="Burst">CPU work in ticks; must be &gt;= 1 (a 0 burst made the original loop forever).</param>
public readonly record struct SrptJob(int FunctionId, long ArrivalTick, int Burst);
