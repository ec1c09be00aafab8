using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AlpsGhost.Benchmarks;

/// <summary>Whether a <see cref="LearnOneWindow"/> round over 100k records meets the 200 ms budget.</summary>
public sealed class WindowBudgetColumn : IColumn
{
    /// <summary>The one instance.</summary>
    public static readonly WindowBudgetColumn Instance = new();

    private WindowBudgetColumn()
    {
    }

    /// <inheritdoc/>
    public string Id => nameof(WindowBudgetColumn);

    /// <inheritdoc/>
    public string ColumnName => "< 200 ms/100k";

    /// <inheritdoc/>
    public bool AlwaysShow => false;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 1;

    /// <inheritdoc/>
    public bool IsNumeric => false;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "100k rows: 'yes' if the mean round is under the 200 ms target, 'min only' if only the fastest round is (the machine was loaded), else 'NO'; 10k rows: the mean scaled linearly to 100k records";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Descriptor.Type == typeof(LearnOneWindow));

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkDotNet.Mathematics.Statistics? stats = summary[benchmarkCase]?.ResultStatistics;
        if (benchmarkCase.Descriptor.Type != typeof(LearnOneWindow) || stats is null || stats.Mean <= 0)
        {
            return "-";
        }
        double meanNs = stats.Mean;
        var learnCase = (LearnCase)benchmarkCase.Parameters[nameof(LearnOneWindow.Case)];
        double ms = meanNs / 1e6;
        if (learnCase.Records == LearnOneWindow.BudgetRecords)
        {
            return ms < LearnOneWindow.BudgetMs ? "yes" : stats.Min / 1e6 < LearnOneWindow.BudgetMs ? "min only" : "NO";
        }
        // Not the budget's size: show the linear extrapolation, which is a lower bound for SRPT's n log n.
        double scaled = ms * LearnOneWindow.BudgetRecords / learnCase.Records;
        return $"(x10: {scaled:F0} ms)";
    }
}
