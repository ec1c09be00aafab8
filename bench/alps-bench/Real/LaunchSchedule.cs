using System.Globalization;
using System.Text;
using AlpsGhost.Workloads;

namespace AlpsGhost.Bench.Real;

/// <summary>The schedule file alps-launch reads: the workload's functions (as comm tags) and its
/// invocations (arrival, CPU demand, phases), exactly as the simulator materialises them.</summary>
/// <remarks>Format (bench/launcher/src/launch.c is the reader): a header <c>alps-schedule 1</c>, one
/// <c>function &lt;id&gt; &lt;tag&gt;</c> line per function in id order, then one
/// <c>inv &lt;index&gt; &lt;function&gt; &lt;arrival ns&gt; &lt;cpu demand ns&gt; c&lt;ns&gt;|s&lt;ns&gt;...</c>
/// line per invocation in arrival order. Index i of the file is invocation i of the workload.</remarks>
internal static class LaunchSchedule
{
    /// <summary>Prefix of every function's tag; the tag is its comm (at most 15 characters), set by the burner itself.</summary>
    public const string TagPrefix = "alps-f";

    /// <summary>The comm tag of function <paramref name="functionId"/>: <c>alps-f&lt;id&gt;</c>, at most 15 characters for any int id.</summary>
    public static string Tag(int functionId) => TagPrefix + functionId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The schedule text of <paramref name="workload"/>.</summary>
    public static string Write(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var text = new StringBuilder();
        text.Append("alps-schedule 1\n");
        text.Append("# ").Append(workload.Name).Append(", seed ").Append(workload.Seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (FunctionSpec f in workload.Functions)
        {
            text.Append("function ").Append(f.Id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Tag(f.Id)).Append('\n');
        }
        IReadOnlyList<InvocationSpec> invocations = workload.Invocations;
        for (int i = 0; i < invocations.Count; i++)
        {
            InvocationSpec inv = invocations[i];
            text.Append(CultureInfo.InvariantCulture, $"inv {i} {inv.FunctionId} {inv.ArrivalNs} {inv.CpuDemandNs}");
            foreach (Phase p in inv.Phases)
            {
                text.Append(' ').Append(p.Kind == PhaseKind.Cpu ? 'c' : 's').Append(p.DurationNs.ToString(CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
