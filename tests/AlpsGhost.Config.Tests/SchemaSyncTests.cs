using System.Text.Json.Nodes;

namespace AlpsGhost.Config.Tests;

/// <summary>enclave-config.schema.json and the hand-written loader describe the same format.</summary>
public sealed class SchemaSyncTests
{
    private static JsonObject LoadSchema() => (JsonObject)JsonNode.Parse(File.ReadAllText(ConfigFiles.Schema))!;

    [Test]
    public void Schema_IsDraft2020_12()
    {
        Assert.That((string?)LoadSchema()["$schema"], Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
    }

    [Test]
    public void EveryObjectPath_HasTheSamePropertyNames_InSchemaAndLoader()
    {
        // Property: a property the schema allows is known to the loader, and vice versa, at every path.
        var schema = LoadSchema();
        var fromSchema = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var enums = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        Walk(schema, schema, "$", fromSchema, enums);

        var fromLoader = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (path, names) in ConfigShape.Objects)
        {
            fromLoader[path] = new SortedSet<string>(names, StringComparer.Ordinal);
        }
        Assert.That(fromSchema.Keys, Is.EqualTo(fromLoader.Keys), "object paths");
        foreach (var path in fromLoader.Keys)
        {
            Assert.That(fromSchema[path], Is.EqualTo(fromLoader[path]), $"properties of {path}");
        }
    }

    [Test]
    public void StringEnumerations_AreTheSame_InSchemaAndLoader()
    {
        var schema = LoadSchema();
        var enums = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        Walk(schema, schema, "$", new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal), enums);
        Assert.That(enums.Keys, Is.EqualTo(ConfigShape.Enums.Keys.Order(StringComparer.Ordinal)));
        foreach (var (path, values) in ConfigShape.Enums)
        {
            Assert.That(enums[path], Is.EqualTo(values), $"values of {path}");
        }
    }

    [Test]
    public void KernelAbis_AreTheSame_InSchemaAndLoader()
    {
        var abi = LoadSchema()["properties"]!["kernel"]!["properties"]!["abi"]!["oneOf"]!.AsArray();
        var integers = abi.OfType<JsonObject>().Single(o => o["enum"] is not null)["enum"]!.AsArray().Select(n => (int)n!).ToArray();
        Assert.That(integers, Is.EqualTo(ConfigShape.KernelAbis));
    }

    [Test]
    public void EveryObjectInTheSchema_RejectsUnknownProperties()
    {
        // Property: the schema is as strict as the loader about typos.
        var missing = new List<string>();
        void Check(JsonNode? node, string where)
        {
            if (node is JsonObject obj)
            {
                bool closed = obj["additionalProperties"] is JsonValue flag && !flag.GetValue<bool>();
                if (obj["properties"] is not null && !closed)
                {
                    missing.Add(where);
                }
                foreach (var (key, child) in obj)
                {
                    // if/then/else only constrain objects already described elsewhere.
                    if (key is not ("if" or "then" or "else" or "not"))
                    {
                        Check(child, where + "/" + key);
                    }
                }
            }
            else if (node is JsonArray array)
            {
                for (int i = 0; i < array.Count; i++)
                {
                    Check(array[i], where + "/" + i);
                }
            }
        }
        Check(LoadSchema(), "#");
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void SchemaDefaults_AreTheValuesInAllJson()
    {
        // Property: the "default" annotations document what all.json (= the loader's defaults) really uses.
        var schema = LoadSchema();
        var all = JsonNode.Parse(File.ReadAllText(ConfigFiles.AllJson))!;
        var mismatches = new List<string>();
        void Compare(JsonNode? node, JsonNode? value, string path, bool present)
        {
            if (node is not JsonObject obj)
            {
                return;
            }
            if (obj["$ref"] is JsonValue reference)
            {
                Compare(Resolve(schema, (string)reference!), value, path, present);
            }
            if (obj.ContainsKey("default") && present && !JsonNode.DeepEquals(obj["default"], value))
            {
                mismatches.Add($"{path}: schema default {obj["default"]?.ToJsonString() ?? "null"}, all.json {value?.ToJsonString() ?? "null"}");
            }
            if (obj["properties"] is JsonObject properties && value is JsonObject valueObject)
            {
                foreach (var (name, child) in properties)
                {
                    Compare(child, valueObject[name], path + "." + name, valueObject.ContainsKey(name));
                }
            }
            if (obj["oneOf"] is JsonArray options && value is JsonObject)
            {
                foreach (var option in options)
                {
                    Compare(option, value, path, present);
                }
            }
        }
        Compare(schema, all, "$", present: true);
        Assert.That(mismatches, Is.Empty);
    }

    private static void Walk(JsonObject root, JsonNode? node, string path,
        SortedDictionary<string, SortedSet<string>> objects, SortedDictionary<string, List<string>> enums)
    {
        if (node is not JsonObject obj)
        {
            return;
        }
        if (obj["$ref"] is JsonValue reference)
        {
            Walk(root, Resolve(root, (string)reference!), path, objects, enums);
        }
        if (obj["enum"] is JsonArray values && values.All(v => v is JsonValue s && s.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            enums[path] = values.Select(v => (string)v!).ToList();
        }
        if (obj["properties"] is JsonObject properties)
        {
            if (!objects.TryGetValue(path, out var names))
            {
                objects[path] = names = new SortedSet<string>(StringComparer.Ordinal);
            }
            foreach (var (name, child) in properties)
            {
                names.Add(name);
                Walk(root, child, path + "." + name, objects, enums);
            }
        }
        if (obj["items"] is JsonObject items)
        {
            Walk(root, items, path + "[]", objects, enums);
        }
        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (obj[combinator] is JsonArray options)
            {
                foreach (var option in options)
                {
                    Walk(root, option, path, objects, enums);
                }
            }
        }
    }

    private static JsonNode? Resolve(JsonObject root, string reference)
    {
        Assert.That(reference, Does.StartWith("#/"), "only local references are used");
        JsonNode? node = root;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node![part];
        }
        return node;
    }
}
