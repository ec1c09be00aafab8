using System.Text;
using System.Text.Json;

namespace AlpsGhost.Ghost.Native;

/// <summary>
/// The ABI as JSON for operators and tools (<c>alps-ghost-agent abi --version 84|91 --json</c>):
/// <c>{"version": N, "structs": {"ghost_msg": {"size": 8, "fields": {"type": 0, ...}}, ...},
/// "constants": {"MSG_TASK_NEW": 67, ...}}</c>, names exactly as in the kernel header.
/// </summary>
public static class AbiTable
{
    /// <summary>JSON of the C# description of <paramref name="version"/> (needs no native library).</summary>
    public static string ToJson(int version) => ToJson(AbiLayout.Describe(version));

    /// <summary>JSON of any description (e.g. the native table, to diff against the C# one).</summary>
    public static string ToJson(AbiDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", description.Version);
            w.WriteStartObject("structs");
            foreach (AbiStruct s in description.Structs)
            {
                w.WriteStartObject(s.Name);
                w.WriteNumber("size", s.Size);
                w.WriteStartObject("fields");
                foreach (AbiField f in s.Fields)
                {
                    w.WriteNumber(f.Name, f.Offset);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("constants");
            foreach (AbiConstant c in description.Constants)
            {
                w.WriteNumber(c.Name, c.Value);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
