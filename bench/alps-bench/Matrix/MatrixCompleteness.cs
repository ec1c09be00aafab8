using System.Globalization;

namespace AlpsGhost.Bench.Matrix;

/// <summary>How much of a matrix ran: all of it, or (SIGINT) fewer runs than planned and some stopped early.</summary>
/// <param name="Planned">Runs the matrix asked for.</param>
/// <param name="Results">The runs that produced a result (finished, or stopped early and marked partial).</param>
internal sealed class MatrixCompleteness(int planned, IReadOnlyList<CaseResult> results)
{
    /// <summary>Runs the matrix asked for.</summary>
    public int Planned { get; } = planned;

    /// <summary>Runs that ran to their end.</summary>
    public int Complete { get; } = results.Count(r => !r.Report.Partial);

    /// <summary>Runs stopped before their end (their figures cover only what ran).</summary>
    public int Stopped { get; } = results.Count(r => r.Report.Partial);

    /// <summary>Whether anything is missing or cut short.</summary>
    public bool Partial => Complete < Planned;

    /// <summary>"7 of 12 runs complete, 2 stopped early, 3 not started".</summary>
    public string Describe() => string.Format(CultureInfo.InvariantCulture, "{0} of {1} runs complete, {2} stopped early, {3} not started",
        Complete, Planned, Stopped, Planned - Complete - Stopped);
}
