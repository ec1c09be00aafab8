using System.Text.Json.Nodes;

namespace AlpsGhost.Config.Tests;

/// <summary>The writer produces the file format: parsing its output gives the same config back.</summary>
public sealed class WriterTests
{
    private static IEnumerable<string> Files() => new[] { ConfigFiles.AllJson }.Concat(ConfigFiles.Examples());

    [TestCaseSource(nameof(Files))]
    public void ShippedFile_RoundTrips(string path)
    {
        var config = EnclaveConfigLoader.Load(path);
        Assert.That(EnclaveConfigLoader.Parse(config.ToJson(), "written.json"), Is.EqualTo(config));
    }

    [Test]
    public void NonDefaultValues_RoundTrip()
    {
        const string json = """
            {
              "cpus": "0-3,8",
              "agent": { "mode": "queue-wakeup", "global_cpu": 8 },
              "policy": {
                "name": "fifo",
                "fifo": { "preemption_slice_ms": 2.5 },
                "alps": {
                  "learning": { "period_s": 7.5, "alpha": 1.69, "smoothing": 1, "monotone_cap": true, "trainer": "forest" },
                  "static": [ { "function": "f", "rank": 3, "slice_ms": 0 } ],
                  "unknown_functions": { "mode": "fallback-rank", "rank": 9 }
                }
              },
              "identity": {
                "rules": [ { "match": "metadata", "pattern": "x-{function}", "key": "fn" }, { "match": "comm", "pattern": "a?", "function": "a" } ],
                "registration_socket": { "mode": "600", "allowed_uids": [1000, 0], "allowed_gids": [27] }
              },
              "runnable_timeout_ms": 0,
              "stats": { "prometheus": { "enabled": true, "address": "::1", "port": 1 }, "socket_path": "/tmp/s" },
              "kernel": { "abi": 84, "deliver_ticks": true }
            }
            """;
        var config = EnclaveConfigLoader.Parse(json, "custom.json");
        string written = config.ToJson();
        Assert.That(EnclaveConfigLoader.Parse(written, "written.json"), Is.EqualTo(config));
        Assert.That(written, Does.Contain("\"mode\": \"0600\""));
    }

    [Test]
    public void Default_WritesExactlyAllJson()
    {
        // Property: all.json is the canonical, fully spelled-out form of the defaults.
        var file = JsonNode.Parse(File.ReadAllText(ConfigFiles.AllJson))!.AsObject();
        file.Remove("$schema");
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(EnclaveConfigLoader.Default.ToJson()), file), Is.True);
    }
}
