using System.Text;
using System.Text.Json;
using AlpsGhost.Workloads;

namespace AlpsGhost.Bench.Real;

/// <summary>The enclave config a real run gives <c>alps-ghost-agent --kernel linux</c>: one <c>comm</c> identity rule per function.</summary>
/// <remarks>Each invocation names itself (comm) <see cref="LaunchSchedule.Tag"/> once it runs in the fair class,
/// so the rule names its function. Everything else keeps the agent's defaults (docs/configuration.md);
/// the policy comes from <c>--policy</c>.</remarks>
internal static class AgentConfigFile
{
    /// <summary>The config text for <paramref name="workload"/>.</summary>
    public static string Write(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("identity");
            w.WriteStartArray("rules");
            foreach (FunctionSpec f in workload.Functions)
            {
                w.WriteStartObject();
                w.WriteString("match", "comm");
                w.WriteString("pattern", LaunchSchedule.Tag(f.Id));
                w.WriteString("function", f.Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
