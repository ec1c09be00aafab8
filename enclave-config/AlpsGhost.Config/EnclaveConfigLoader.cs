namespace AlpsGhost.Config;

/// <summary>Loads and validates enclave configuration files.</summary>
/// <remarks>Validation is hand-written (no schema library) and mirrors enclave-config.schema.json; every error of a
/// file is reported at once in one <see cref="ConfigException"/>.</remarks>
public static class EnclaveConfigLoader
{
    /// <summary>Name of the embedded default file.</summary>
    public const string DefaultFileName = "all.json";

    private static readonly Lazy<EnclaveConfig> s_default = new(() => Parse(DefaultJson, DefaultFileName));

    /// <summary>The configuration of <c>all.json</c> (every CPU, ALPS with learning on, all defaults).</summary>
    public static EnclaveConfig Default => s_default.Value;

    /// <summary>The text of <c>all.json</c> as embedded in this assembly at build time.</summary>
    public static string DefaultJson
    {
        get
        {
            using var stream = typeof(EnclaveConfigLoader).Assembly.GetManifestResourceStream("AlpsGhost.Config.all.json")
                ?? throw new InvalidOperationException("the embedded resource AlpsGhost.Config.all.json is missing from " + typeof(EnclaveConfigLoader).Assembly.GetName().Name);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file cannot be read, is not JSON, or has invalid values (all listed).</exception>
    public static EnclaveConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = AlpsGhost.Ghost.BoundedFile.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ConfigException([new ConfigError(path, "$", null, $"a readable file ({ex.Message})", ConfigErrorKind.Missing)]);
        }
        return Parse(json, path);
    }

    /// <summary>Validates <paramref name="json"/>; <paramref name="fileName"/> is only used in error messages.</summary>
    /// <exception cref="ConfigException">Malformed JSON or invalid values (all listed).</exception>
    public static EnclaveConfig Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        return ConfigReader.Read(json, fileName);
    }

    /// <summary>Loads <paramref name="path"/> (or the default when null) and applies <paramref name="overrides"/>.</summary>
    public static EnclaveConfig Load(string? path, ConfigOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var config = path is null ? Default : Load(path);
        return config.With(overrides);
    }
}
