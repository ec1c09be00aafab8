using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AlpsGhost.Benchmarks;

/// <summary>Simulated-kernel events per wall second for <see cref="SimulatorEventsPerSecond"/> rows.</summary>
public sealed class EventsPerSecondColumn : IColumn
{
    /// <summary>The one instance.</summary>
    public static readonly EventsPerSecondColumn Instance = new();

    private EventsPerSecondColumn()
    {
    }

    /// <inheritdoc/>
    public string Id => nameof(EventsPerSecondColumn);

    /// <inheritdoc/>
    public string ColumnName => "Events/s";

    /// <inheritdoc/>
    public bool AlwaysShow => false;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Simulated-kernel events processed per wall-clock second (events of one run / mean time per run)";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Descriptor.Type == typeof(SimulatorEventsPerSecond));

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (benchmarkCase.Descriptor.Type != typeof(SimulatorEventsPerSecond) || meanNs is not > 0)
        {
            return "-";
        }
        string scheduler = (string)benchmarkCase.Parameters[nameof(SimulatorEventsPerSecond.Scheduler)];
        long events = SimulatorEventsPerSecond.EventsPerRun(scheduler);
        double perSecond = events / (meanNs.Value / 1e9);
        return $"{perSecond / 1e6:F2} M ({events:N0} events/run)";
    }
}
