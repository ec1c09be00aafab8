namespace AlpsGhost.Agent.Learning;

/// <summary>What a trainer learned for one function.</summary>
/// <param name="Basis">Predicted segment length (ms); orders functions (rank) and bounds the slice.</param>
/// <param name="Std">Spread of the segment lengths (ms, population std): the unpredictability penalty.</param>
public readonly record struct TrainerResult(double Basis, double Std);
