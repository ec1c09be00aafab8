using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AlpsGhost.Benchmarks;

/// <summary>The configuration every benchmark in this project runs with.</summary>
/// <remarks>
/// In-process toolchain: BenchmarkDotNet's default toolchain generates and builds a project under this
/// folder, which inherits the repository's warnings-as-errors and code-style rules it was not written
/// for, and a rebuild per run costs minutes on a 2-core VM. In-process runs the Release build that
/// <c>dotnet run -c Release</c> already made; the measurement itself is the same (own process, JIT
/// warm-up, pilot, outlier removal). Memory is measured with <see cref="MemoryDiagnoser"/>.
/// </remarks>
public static class BenchmarkConfig
{
    /// <summary>Command-line flag selecting the full-precision job instead of the short one.</summary>
    public const string PreciseFlag = "--precise";

    /// <summary>The short job (1 launch, 3 warm-ups, 5 measured iterations) or BenchmarkDotNet's default.</summary>
    public static IConfig Create(bool precise)
    {
        Job job = precise
            ? Job.Default.WithId("precise")
            : Job.Default.WithId("short").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5);
        return ManualConfig.CreateMinimumViable()
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Min, StatisticColumn.Median, StatisticColumn.OperationsPerSecond)
            .AddColumn(EventsPerSecondColumn.Instance, WindowBudgetColumn.Instance)
            .WithOption(ConfigOptions.JoinSummary, false);
    }
}
