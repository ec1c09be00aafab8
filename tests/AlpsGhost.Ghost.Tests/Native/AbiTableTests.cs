using System.Text.Json;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Tests.Native;

/// <summary>The ABI JSON has the promised shape and kernel names, and says the same as the C table.</summary>
public class AbiTableTests
{
    [TestCase(84)]
    [TestCase(91)]
    public void JsonHasVersionStructsAndConstantsWithKernelNames(int version)
    {
        using JsonDocument doc = JsonDocument.Parse(AbiTable.ToJson(version));
        JsonElement root = doc.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "version", "structs", "constants" }));
        Assert.That(root.GetProperty("version").GetInt32(), Is.EqualTo(version));
        JsonElement msg = root.GetProperty("structs").GetProperty("ghost_msg");
        Assert.That(msg.GetProperty("size").GetInt32(), Is.EqualTo(8));
        Assert.That(msg.GetProperty("fields").GetProperty("type").GetInt32(), Is.EqualTo(0));
        Assert.That(msg.GetProperty("fields").GetProperty("seqnum").GetInt32(), Is.EqualTo(4));
        JsonElement txn = root.GetProperty("structs").GetProperty("ghost_txn");
        Assert.That(txn.GetProperty("fields").GetProperty("u").GetInt32(), Is.EqualTo(48));
        JsonElement constants = root.GetProperty("constants");
        Assert.That(constants.GetProperty("MSG_TASK_NEW").GetInt64(), Is.EqualTo(67));
        Assert.That(constants.GetProperty("GHOST_IOC_RUN").GetInt64(), Is.EqualTo(0x4018670b));
        Assert.That(constants.GetProperty("GHOST_VERSION").GetInt64(), Is.EqualTo(version));
        bool hasAgentData = root.GetProperty("structs").GetProperty("ghost_msg_payload_task_new").GetProperty("fields").TryGetProperty("agent_data", out _);
        Assert.That(hasAgentData, Is.EqualTo(version >= 88));
    }

    [TestCase(84)]
    [TestCase(91)]
    public void ManagedJsonEqualsNativeJson(int version)
    {
        Assert.That(Flatten(AbiTable.ToJson(version)), Is.EquivalentTo(Flatten(AbiTable.ToJson(NativeAbiTable.Read(version)))));
    }

    private static List<string> Flatten(string json)
    {
        var lines = new List<string>();
        using JsonDocument doc = JsonDocument.Parse(json);
        Walk(doc.RootElement, "", lines);
        return lines;
    }

    private static void Walk(JsonElement e, string path, List<string> lines)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in e.EnumerateObject())
            {
                Walk(p.Value, path + "/" + p.Name, lines);
            }
        }
        else
        {
            lines.Add($"{path}={e.GetRawText()}");
        }
    }
}
