using AlpsGhost.Config;
using CsCheck;

namespace AlpsGhost.Faults.Tests;

/// <summary>EnclaveConfigLoader.Parse on malformed input: only ConfigException (naming the file) escapes, nothing hangs.</summary>
public sealed class ConfigParserProperties
{
    private const string File = "fuzz-config.json";

    [Test]
    public void MutatedShippedConfigsThrowOnlyConfigException()
    {
        string root = Fuzz.RepoRoot();
        var valid = new List<string> { EnclaveConfigLoader.DefaultJson };
        foreach (string path in Directory.GetFiles(Path.Combine(root, "enclave-config", "examples"), "*.json"))
        {
            valid.Add(System.IO.File.ReadAllText(path));
        }
        Gen<string> gen = Gen.OneOf([.. valid.ConvertAll(Fuzz.Mutated)]);
        Fuzz.Holds(gen, json => Fuzz.OnlyThrows<ConfigException>(() => EnclaveConfigLoader.Parse(json, File), File), iter: 3000);
    }

    [Test]
    public void ArbitraryTextThrowsOnlyConfigException()
    {
        Fuzz.Holds(Fuzz.TextOver("{}[]:,\"0123456789-.eE truefalsnul\\", 40),
            json => Fuzz.OnlyThrows<ConfigException>(() => EnclaveConfigLoader.Parse(json, File), File), iter: 3000);
    }

    [Test]
    public void TheUnmutatedFilesParse()
    {
        // Guards the generator's base: a mutation test over text that never parses would test only the JSON reader.
        Assert.That(EnclaveConfigLoader.Parse(EnclaveConfigLoader.DefaultJson, File), Is.EqualTo(EnclaveConfigLoader.Default));
    }
}
