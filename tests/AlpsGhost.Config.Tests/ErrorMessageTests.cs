namespace AlpsGhost.Config.Tests;

/// <summary>Each bad field yields exactly one error whose text names file, JSON path, value and expectation.</summary>
public sealed class ErrorMessageTests
{
    private const string Socket = """ "registration_socket": { "path": "/run/a.sock" } """;

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("alpha wrong type", """{"policy":{"alps":{"learning":{"alpha":"1"}}}}""",
            """all.json: $.policy.alps.learning.alpha: value "1" is not valid: expected a number > 0""");
        yield return Case("alpha out of range", """{"policy":{"alps":{"learning":{"alpha":-1}}}}""",
            "all.json: $.policy.alps.learning.alpha: value -1 is not valid: expected a number > 0");
        yield return Case("theta above 100", """{"policy":{"alps":{"learning":{"theta":150}}}}""",
            "all.json: $.policy.alps.learning.theta: value 150 is not valid: expected a number >= 0 and <= 100");
        yield return Case("integer field given a fraction", """{"policy":{"alps":{"learning":{"sample_divisor":1.5}}}}""",
            "all.json: $.policy.alps.learning.sample_divisor: value 1.5 is not valid: expected an integer >= 1 and <= 1024");
        yield return Case("smoothing 0", """{"policy":{"alps":{"learning":{"smoothing":0}}}}""",
            "all.json: $.policy.alps.learning.smoothing: value 0 is not valid: expected a number > 0 and <= 1 (weight of the new slice; 1 disables smoothing)");
        yield return Case("first round at 0 s", """{"policy":{"alps":{"learning":{"first_round_s":0}}}}""",
            "all.json: $.policy.alps.learning.first_round_s: value 0 is not valid: expected null (the first round after one period) or a number > 0 and <= 86400");
        yield return Case("boolean as string", """{"policy":{"alps":{"learning":{"enabled":"yes"}}}}""",
            """all.json: $.policy.alps.learning.enabled: value "yes" is not valid: expected true or false""");
        yield return Case("unknown trainer", """{"policy":{"alps":{"learning":{"trainer":"rf"}}}}""",
            "all.json: $.policy.alps.learning.trainer: value \"rf\" is not valid: expected one of \"avg\", \"lr\", \"forest\"");
        yield return Case("unknown alps order", """{"policy":{"alps":{"order":"srpt"}}}""",
            "all.json: $.policy.alps.order: value \"srpt\" is not valid: expected one of \"rank\", \"gittins\"");
        yield return Case("unknown agent mode", """{"agent":{"mode":"spining"}}""",
            "all.json: $.agent.mode: value \"spining\" is not valid: expected one of \"spinning\", \"queue-wakeup\", \"adaptive\"");
        yield return Case("unknown policy name", """{"policy":{"name":"sjf"}}""",
            "all.json: $.policy.name: value \"sjf\" is not valid: expected one of \"fifo\", \"alps\", \"cfs\", \"sfs\", \"srpt\", \"alps-io\", \"gittins-oracle\", \"gittins-oracle-seen\"");
        yield return Case("descending cpulist range", """{"cpus":"3-1"}""",
            """all.json: $.cpus: value "3-1" is not valid: expected "all" or a CPU list like "0-3,5" (ascending, non-overlapping ranges a-b with a <= b, CPUs 0-8191)""");
        yield return Case("overlapping cpulist", """{"cpus":"0-3,2"}""",
            """all.json: $.cpus: value "0-3,2" is not valid: expected "all" or a CPU list like "0-3,5" (ascending, non-overlapping ranges a-b with a <= b, CPUs 0-8191)""");
        yield return Case("cpus as a number", """{"cpus":4}""",
            """all.json: $.cpus: value 4 is not valid: expected "all" or a CPU list like "0-3,5" (ascending, non-overlapping ranges a-b with a <= b, CPUs 0-8191)""");
        yield return Case("unknown key with suggestion", """{"agent":{"mod":"spinning"}}""",
            """all.json: $.agent.mod: unknown property "mod": expected one of "mode", "global_cpu" (did you mean "mode"?)""");
        yield return Case("unknown top-level key", """{"polcy":{}}""",
            """all.json: $.polcy: unknown property "polcy": expected one of "$schema", "cpus", "agent", "policy", "identity", "runnable_timeout_ms", "stats", "kernel" (did you mean "policy"?)""");
        yield return Case("duplicate key", """{"cpus":"all","cpus":"0-3"}""",
            """all.json: $.cpus: duplicate property "cpus": expected each property once per object""");
        yield return Case("section of wrong type", """{"agent":[]}""",
            "all.json: $.agent: value [] is not valid: expected an object");
        yield return Case("bad octal mode", "{\"identity\":{" + Socket.Replace("}", ", \"mode\": \"0960\" }", StringComparison.Ordinal) + "}}",
            """all.json: $.identity.registration_socket.mode: value "0960" is not valid: expected an octal file mode string like "0660" (3 or 4 octal digits, at most 0777)""");
        yield return Case("octal mode as a number", """{"identity":{"registration_socket":{"mode":660}}}""",
            """all.json: $.identity.registration_socket.mode: value 660 is not valid: expected an octal file mode string like "0660" (3 or 4 octal digits, at most 0777)""");
        yield return Case("relative socket path", """{"identity":{"registration_socket":{"path":"run/a.sock"}}}""",
            """all.json: $.identity.registration_socket.path: value "run/a.sock" is not valid: expected an absolute path of at most 107 bytes (the Unix socket address limit)""");
        yield return Case("duplicate uid", """{"identity":{"registration_socket":{"allowed_uids":[1000,1000]}}}""",
            "all.json: $.identity.registration_socket.allowed_uids[1]: value 1000 is not valid: expected an id not already listed");
        yield return Case("global cpu word", """{"agent":{"global_cpu":"last"}}""",
            """all.json: $.agent.global_cpu: value "last" is not valid: expected "first" or an integer >= 0 and <= 8191""");
        yield return Case("unsupported abi", """{"kernel":{"abi":85}}""",
            """all.json: $.kernel.abi: value 85 is not valid: expected "auto" or one of the integers 84, 90, 91""");
        yield return Case("runnable timeout too small", """{"runnable_timeout_ms":50}""",
            "all.json: $.runnable_timeout_ms: value 50 is not valid: expected 0 (off) or an integer >= 100 and <= 86400000");
        yield return Case("port out of range", """{"stats":{"prometheus":{"port":70000}}}""",
            "all.json: $.stats.prometheus.port: value 70000 is not valid: expected an integer >= 1 and <= 65535");
        yield return Case("host name instead of address", """{"stats":{"prometheus":{"address":"localhost"}}}""",
            "all.json: $.stats.prometheus.address: value \"localhost\" is not valid: expected an IPv4 or IPv6 address literal like \"127.0.0.1\" or \"::1\"");
        yield return Case("fifo slice 0", """{"policy":{"fifo":{"preemption_slice_ms":0}}}""",
            "all.json: $.policy.fifo.preemption_slice_ms: value 0 is not valid: expected null (never preempt) or a number > 0 and <= 60000");
        yield return Case("static entry without rank", """{"policy":{"alps":{"static":[{"function":"f","slice_ms":1}]}}}""",
            "all.json: $.policy.alps.static[0].rank: missing: expected an integer >= 1 and <= 1000000");
        yield return Case("static function listed twice", """{"policy":{"alps":{"static":[{"function":"f","rank":1,"slice_ms":1},{"function":"f","rank":2,"slice_ms":2}]}}}""",
            """all.json: $.policy.alps.static[1].function: value "f" is not valid: expected a function name not already listed (it is at $.policy.alps.static[0])""");
        yield return Case("fallback-rank without rank", """{"policy":{"alps":{"unknown_functions":{"mode":"fallback-rank"}}}}""",
            """all.json: $.policy.alps.unknown_functions.rank: missing: expected an integer >= 1 and <= 1000000 (required with mode "fallback-rank")""");
        yield return Case("fair with a rank", """{"policy":{"alps":{"unknown_functions":{"mode":"fair","rank":3}}}}""",
            """all.json: $.policy.alps.unknown_functions.rank: value 3 is not valid: expected no rank with mode "fair" (rank is used only by "fallback-rank")""");
        yield return Case("brace that is not {function}", """{"identity":{"rules":[{"match":"cgroup","pattern":"/faas/{fn}"}]}}""",
            """all.json: $.identity.rules[0].pattern: value "/faas/{fn}" is not valid: expected a glob with literal text, *, ?, ** and at most one {function}; "{" may only start {function}""");
        yield return Case("relative cgroup pattern", """{"identity":{"rules":[{"match":"cgroup","pattern":"faas/{function}"}]}}""",
            "all.json: $.identity.rules[0].pattern: value \"faas/{function}\" is not valid: expected a glob with literal text, *, ?, ** and at most one {function}; a cgroup pattern is an absolute path starting with \"/\"");
        yield return Case("rule without capture or function", """{"identity":{"rules":[{"match":"comm","pattern":"fib*"}]}}""",
            "all.json: $.identity.rules[0].function: missing: expected a function name (1-255 printable characters) (the pattern has no {function} capture)");
        yield return Case("rule with capture and function", """{"identity":{"rules":[{"match":"comm","pattern":"{function}","function":"x"}]}}""",
            """all.json: $.identity.rules[0].function: value "x" is not valid: expected no function: the pattern captures {function}""");
        yield return Case("key on a comm rule", """{"identity":{"rules":[{"match":"comm","pattern":"{function}","key":"k"}]}}""",
            """all.json: $.identity.rules[0].key: value "k" is not valid: expected no key: only "metadata" rules read a metadata key""");
        yield return Case("rule without match", """{"identity":{"rules":[{"pattern":"{function}"}]}}""",
            "all.json: $.identity.rules[0].match: missing: expected one of \"cgroup\", \"comm\", \"metadata\"");
        yield return Case("global cpu outside the enclave (cross-field)", """{"cpus":"0-3","agent":{"global_cpu":9}}""",
            """all.json: $.agent.global_cpu: value 9 is not valid: expected "first" or a CPU of $.cpus (0-3)""");
        yield return Case("spinning agent with one cpu (cross-field)", """{"cpus":"3","agent":{"mode":"spinning"}}""",
            """all.json: $.cpus: value "3" is not valid: expected at least 2 CPUs with agent.mode "spinning" (the global agent's CPU runs no enclave task)""");
        yield return Case("metadata rule without socket (cross-field)", """{"identity":{"rules":[{"match":"metadata","pattern":"{function}"}]}}""",
            "all.json: $.identity.registration_socket: value null is not valid: expected a registration socket: the metadata rule $.identity.rules[0] only sees metadata registered through it");
        yield return Case("watchdog shorter than a slice (cross-field)", """{"runnable_timeout_ms":300}""",
            "all.json: $.runnable_timeout_ms: value 300 is not valid: expected 0 (off) or more than twice the longest slice the policy may grant (200 ms)");
        yield return Case("stats socket equal to registration socket (cross-field)",
            """{"identity":{"registration_socket":{"path":"/run/a.sock"}},"stats":{"socket_path":"/run/a.sock"}}""",
            """all.json: $.stats.socket_path: value "/run/a.sock" is not valid: expected a path different from $.identity.registration_socket.path""");
        yield return Case("static slice beyond the range", """{"policy":{"alps":{"static":[{"function":"f","rank":1,"slice_ms":60001}]}}}""",
            "all.json: $.policy.alps.static[0].slice_ms: value 60001 is not valid: expected an integer >= 0 and <= 60000");
        yield return Case("function name with a space", """{"policy":{"alps":{"static":[{"function":"my fn","rank":1,"slice_ms":1}]}}}""",
            """all.json: $.policy.alps.static[0].function: value "my fn" is not valid: expected a function name (1-255 printable characters)""");
        yield return Case("rules not an array", """{"identity":{"rules":{}}}""",
            """all.json: $.identity.rules: value {} is not valid: expected an array of { "match", "pattern", "function" } objects""");
        yield return Case("root not an object", "[1]",
            "all.json: $: value [1] is not valid: expected an object");
    }

    [TestCaseSource(nameof(Cases))]
    public void BadField_ReportsExactlyItsMessage(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EnclaveConfigLoader.Parse(json, "all.json"));
        Assert.That(ex!.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { expected }));
        Assert.That(ex.Message, Is.EqualTo(expected));
    }

    [Test]
    public void ThreeErrors_AreAllReported_InOneException_WithTheirPaths()
    {
        // Property: validation keeps going after the first error.
        const string json = """
            {
              "cpus": "0-",
              "policy": { "alps": { "learning": { "alpha": 0, "trainer": "svm" } } }
            }
            """;
        var ex = Assert.Throws<ConfigException>(() => EnclaveConfigLoader.Parse(json, "three.json"));
        Assert.That(ex!.Errors.Select(e => e.JsonPath), Is.EquivalentTo(new[]
        {
            "$.cpus", "$.policy.alps.learning.alpha", "$.policy.alps.learning.trainer",
        }));
        Assert.That(ex.Errors.Select(e => e.File), Is.All.EqualTo("three.json"));
        Assert.That(ex.Message.Split('\n'), Has.Length.EqualTo(3));
        Assert.That(ex.Errors, Does.Contain(new ConfigError("three.json", "$.policy.alps.learning.alpha", "0", "a number > 0")));
    }

    [Test]
    public void MalformedJson_ReportsLineAndColumn()
    {
        const string json = "{\n  \"cpus\": \"all\",\n  \"agent\": { \"mode\": spinning }\n}";
        var ex = Assert.Throws<ConfigException>(() => EnclaveConfigLoader.Parse(json, "broken.json"));
        Assert.That(ex!.Errors, Has.Count.EqualTo(1));
        var error = ex.Errors[0];
        Assert.That(error.Kind, Is.EqualTo(ConfigErrorKind.MalformedJson));
        Assert.That(error.JsonPath, Is.EqualTo("line 3, column 22"));
        Assert.That(error.ToString(), Is.EqualTo("broken.json: line 3, column 22: malformed JSON: 's' is an invalid start of a value."));
    }

    [TestCase("{\"cpus\":\"all\",}", "line 1, column 15")]
    [TestCase("{\"a\":1", "line 1, column 7")]
    [TestCase("", "line 1, column 1")]
    [TestCase("{\n\n  // comment\n}", "line 3, column 3")]
    public void MalformedJson_TrailingCommaTruncationEmptyComment(string json, string where)
    {
        // Strict JSON: no trailing commas, no comments (the schema tools expect plain JSON).
        var ex = Assert.Throws<ConfigException>(() => EnclaveConfigLoader.Parse(json, "c.json"));
        Assert.That(ex!.Errors, Has.Count.EqualTo(1));
        Assert.That(ex.Errors[0].Kind, Is.EqualTo(ConfigErrorKind.MalformedJson));
        Assert.That(ex.Errors[0].JsonPath, Is.EqualTo(where));
        Assert.That(ex.Message, Does.Not.Contain("LineNumber").And.Not.Contain("reader options"));
    }

    [Test]
    public void EmptyObject_IsValid_AndGivesTheDefaults()
    {
        // Property: every property is optional; omitting it means the all.json default.
        Assert.That(EnclaveConfigLoader.Parse("{}", "empty.json"), Is.EqualTo(EnclaveConfigLoader.Default));
    }

    [Test]
    public void ConfigException_NeedsAtLeastOneError()
    {
        Assert.Throws<ArgumentException>(() => _ = new ConfigException([]));
    }

    private static TestCaseData Case(string name, string json, string expected) =>
        new TestCaseData(json, expected).SetName("BadField: " + name);
}
