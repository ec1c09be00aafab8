using System.Text;
using System.Text.Json;

namespace AlpsGhost.Config;

/// <summary>Writes an <see cref="EnclaveConfig"/> back as JSON in the file format (e.g. for <c>--print-config</c>).</summary>
/// <remarks>Every field is spelled out, so the output documents the effective configuration after defaults and
/// overrides; <c>EnclaveConfigLoader.Parse(ToJson(c), f)</c> equals <c>c</c> for every valid config.</remarks>
public static class EnclaveConfigWriter
{
    /// <summary>The configuration as indented JSON.</summary>
    public static string ToJson(EnclaveConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("cpus", config.Cpus.ToString());

            w.WriteStartObject("agent");
            w.WriteString("mode", Name("$.agent.mode", config.Agent.Mode));
            if (config.Agent.GlobalCpu is int cpu)
            {
                w.WriteNumber("global_cpu", cpu);
            }
            else
            {
                w.WriteString("global_cpu", "first");
            }
            w.WriteEndObject();

            WritePolicy(w, config.Policy);
            WriteIdentity(w, config.Identity);
            w.WriteNumber("runnable_timeout_ms", config.RunnableTimeoutMs);

            w.WriteStartObject("stats");
            w.WriteStartObject("prometheus");
            w.WriteBoolean("enabled", config.Stats.Prometheus.Enabled);
            w.WriteString("address", config.Stats.Prometheus.Address);
            w.WriteNumber("port", config.Stats.Prometheus.Port);
            w.WriteEndObject();
            WriteNullableString(w, "socket_path", config.Stats.SocketPath);
            w.WriteEndObject();

            w.WriteStartObject("kernel");
            if (config.Kernel.Abi is int abi)
            {
                w.WriteNumber("abi", abi);
            }
            else
            {
                w.WriteString("abi", "auto");
            }
            w.WriteBoolean("deliver_ticks", config.Kernel.DeliverTicks);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WritePolicy(Utf8JsonWriter w, PolicyConfig policy)
    {
        w.WriteStartObject("policy");
        w.WriteString("name", Name("$.policy.name", policy.Name));
        w.WriteStartObject("fifo");
        WriteNullableNumber(w, "preemption_slice_ms", policy.Fifo.PreemptionSliceMs);
        w.WriteEndObject();

        var alps = policy.Alps;
        var l = alps.Learning;
        w.WriteStartObject("alps");
        w.WriteStartObject("learning");
        w.WriteBoolean("enabled", l.Enabled);
        w.WriteNumber("window_s", l.WindowS);
        WriteNullableNumber(w, "period_s", l.PeriodS);
        WriteNullableNumber(w, "first_round_s", l.FirstRoundS);
        w.WriteString("mode", Name("$.policy.alps.learning.mode", l.Mode));
        w.WriteNumber("sample_divisor", l.SampleDivisor);
        w.WriteNumber("max_jobs", l.MaxJobs);
        w.WriteString("trainer", Name("$.policy.alps.learning.trainer", l.Trainer));
        w.WriteNumber("seed", l.Seed);
        w.WriteNumber("alpha", l.Alpha);
        w.WriteNumber("beta", l.Beta);
        w.WriteNumber("gamma", l.Gamma);
        w.WriteNumber("theta", l.Theta);
        w.WriteNumber("min_run_ticks", l.MinRunTicks);
        w.WriteNumber("max_slice_ms", l.MaxSliceMs);
        w.WriteNumber("smoothing", l.Smoothing);
        w.WriteBoolean("unpredictability_tuning", l.UnpredictabilityTuning);
        w.WriteBoolean("overload_tuning", l.OverloadTuning);
        w.WriteBoolean("monotone_cap", l.MonotoneCap);
        w.WriteString("rank_basis", Name("$.policy.alps.learning.rank_basis", l.RankBasis));
        w.WriteEndObject();

        w.WriteStartArray("static");
        foreach (var entry in alps.Static)
        {
            w.WriteStartObject();
            w.WriteString("function", entry.Function);
            w.WriteNumber("rank", entry.Rank);
            w.WriteNumber("slice_ms", entry.SliceMs);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("unknown_functions");
        w.WriteString("mode", Name("$.policy.alps.unknown_functions.mode", alps.UnknownFunctions.Mode));
        if (alps.UnknownFunctions.Rank is int rank)
        {
            w.WriteNumber("rank", rank);
        }
        w.WriteEndObject();
        w.WriteString("order", Name("$.policy.alps.order", alps.Order));
        w.WriteNumber("starvation_limit_ms", alps.StarvationLimitMs);
        w.WriteNumber("aged_quantum_ms", alps.AgedQuantumMs);
        w.WriteNumber("io_preempt_guard_ms", alps.IoPreemptGuardMs);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteIdentity(Utf8JsonWriter w, IdentityConfig identity)
    {
        w.WriteStartObject("identity");
        w.WriteStartArray("rules");
        foreach (var rule in identity.Rules)
        {
            w.WriteStartObject();
            w.WriteString("match", Name("$.identity.rules[].match", rule.Match));
            w.WriteString("pattern", rule.Pattern);
            if (rule.Function is not null)
            {
                w.WriteString("function", rule.Function);
            }
            if (rule.Key is not null)
            {
                w.WriteString("key", rule.Key);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (identity.RegistrationSocket is { } socket)
        {
            w.WriteStartObject("registration_socket");
            w.WriteString("path", socket.Path);
            w.WriteString("mode", Convert.ToString(socket.Mode, 8).PadLeft(4, '0'));
            WriteIds(w, "allowed_uids", socket.AllowedUids);
            WriteIds(w, "allowed_gids", socket.AllowedGids);
            w.WriteNumber("max_line_bytes", socket.MaxLineBytes);
            w.WriteNumber("max_clients", socket.MaxClients);
            w.WriteNumber("max_lines_per_s", socket.MaxLinesPerS);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("registration_socket");
        }
        w.WriteEndObject();
    }

    private static void WriteIds(Utf8JsonWriter w, string name, EquatableArray<int> ids)
    {
        w.WriteStartArray(name);
        foreach (int id in ids)
        {
            w.WriteNumberValue(id);
        }
        w.WriteEndArray();
    }

    private static void WriteNullableNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double number)
        {
            w.WriteNumber(name, number);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string Name<T>(string shape, T value)
        where T : struct, Enum => ConfigShape.Enums[shape][Array.IndexOf(Enum.GetValues<T>(), value)];
}
