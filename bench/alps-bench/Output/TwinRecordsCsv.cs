using System.Globalization;
using System.Text;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Output;

/// <summary>
/// One simulated run's invocations as CSV (<c>predict --records</c>), one row per invocation in the order of the
/// run's schedule, so row <c>index</c> is the same invocation as row <c>index</c> of the real run's launch.csv.
/// </summary>
/// <remarks>Times are the simulator's virtual nanoseconds from the start of the run, as launch.csv's are from the
/// launcher's start; <c>end_ns</c> is empty for an invocation that had not finished when the run stopped.</remarks>
internal static class TwinRecordsCsv
{
    /// <summary>The header line (no trailing newline).</summary>
    public const string Header = "index,function,arrival_ns,end_ns,demand_ns,context_switches,completed";

    /// <summary>The CSV text of <paramref name="records"/>.</summary>
    public static string Write(IReadOnlyList<CompletionRecord> records)
    {
        var text = new StringBuilder(Header.Length + 1 + (records.Count * 48));
        text.Append(Header).Append('\n');
        CultureInfo ci = CultureInfo.InvariantCulture;
        for (int i = 0; i < records.Count; i++)
        {
            CompletionRecord r = records[i];
            text.Append(ci, $"{i},{r.FunctionId},{r.ArrivalNs},");
            if (r.Completed)
            {
                text.Append(r.FinishNs.ToString(ci));
            }
            text.Append(ci, $",{r.DemandNs},{r.ContextSwitches},{(r.Completed ? 1 : 0)}\n");
        }
        return text.ToString();
    }
}
