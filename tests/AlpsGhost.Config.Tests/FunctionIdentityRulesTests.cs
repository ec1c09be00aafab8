namespace AlpsGhost.Config.Tests;

/// <summary>The identity rules: captures, globs, metadata, rule order and no-match.</summary>
public sealed class FunctionIdentityRulesTests
{
    private static FunctionIdentityRules Rules(params IdentityRule[] rules) => new(rules);

    [Test]
    public void CgroupCapture_ExtractsTheFunctionSegment()
    {
        var rules = Rules(new IdentityRule(IdentityMatchKind.Cgroup, "/faas/{function}/*", null));
        Assert.That(rules.Match("/faas/fib/inst-3", "python3", null), Is.EqualTo("fib"));
        // '*' is one path segment: deeper paths and the bare function directory do not match.
        Assert.That(rules.Match("/faas/fib/inst-3/sub", "python3", null), Is.Null);
        Assert.That(rules.Match("/faas/fib", "python3", null), Is.Null);
    }

    [Test]
    public void CgroupDoubleStar_CrossesSegments()
    {
        var rules = Rules(new IdentityRule(IdentityMatchKind.Cgroup, "/kubepods/**/fn-{function}", null));
        Assert.That(rules.Match("/kubepods/burstable/pod1/fn-resize", "", null), Is.EqualTo("resize"));
        Assert.That(rules.Match("/kubepods/fn-resize", "", null), Is.EqualTo("resize"));
        Assert.That(rules.Match("/kubepods/a/fn-", "", null), Is.Null, "{function} needs at least one character");
    }

    [Test]
    public void CommGlob_WithFixedFunction()
    {
        var rules = Rules(new IdentityRule(IdentityMatchKind.Comm, "fib?-*", "fib"));
        Assert.That(rules.Match("/", "fib1-worker", null), Is.EqualTo("fib"));
        Assert.That(rules.Match("/", "fib-worker", null), Is.Null, "'?' is exactly one character");
        Assert.That(rules.Match("/", "xfib1-worker", null), Is.Null, "the whole text must match");
    }

    [Test]
    public void CommCapture_TakesTheLongestSplit()
    {
        var rules = Rules(new IdentityRule(IdentityMatchKind.Comm, "{function}-*", null));
        Assert.That(rules.Match("/", "graph-bfs-7", null), Is.EqualTo("graph-bfs"));
    }

    [Test]
    public void Metadata_ReadsFunctionNameAndSealPriorityHint()
    {
        var rules = Rules(new IdentityRule(IdentityMatchKind.Metadata, "{function}", null, "function_name"));
        var metadata = new Dictionary<string, string> { ["function_name"] = "fib3", ["seal_priority"] = "8" };
        Assert.That(rules.TryMatch("/", "python3", metadata, out var identity), Is.True);
        Assert.That(identity, Is.EqualTo(new FunctionIdentity("fib3", 0, 8)));

        // OpenLambda's default seal_priority "0" (and junk) is no hint.
        metadata["seal_priority"] = "0";
        Assert.That(rules.TryMatch("/", "python3", metadata, out identity) && identity.RankHint is null, Is.True);
        metadata["seal_priority"] = "-3";
        Assert.That(rules.TryMatch("/", "python3", metadata, out identity) && identity.RankHint is null, Is.True);

        Assert.That(rules.Match("/", "python3", null), Is.Null, "no metadata registered");
        Assert.That(rules.Match("/", "python3", new Dictionary<string, string> { ["other"] = "x" }), Is.Null);
    }

    [Test]
    public void CapturedNames_WithWhitespaceControlOrExcessLength_DoNotMatch_AndLaterRulesAreTried()
    {
        // Property: text from outside (metadata can come from unprivileged peers) never becomes a malformed name.
        var rules = Rules(
            new IdentityRule(IdentityMatchKind.Metadata, "{function}", null),
            new IdentityRule(IdentityMatchKind.Comm, "*", "fallback"));
        Assert.That(rules.Match("/", "x", new Dictionary<string, string> { ["function_name"] = "a b" }), Is.EqualTo("fallback"));
        Assert.That(rules.Match("/", "x", new Dictionary<string, string> { ["function_name"] = "a\nb" }), Is.EqualTo("fallback"));
        Assert.That(rules.Match("/", "x", new Dictionary<string, string> { ["function_name"] = new string('f', 256) }), Is.EqualTo("fallback"));
        Assert.That(rules.Match("/", "x", new Dictionary<string, string> { ["function_name"] = new string('f', 255) }), Has.Length.EqualTo(255));
    }

    [Test]
    public void Metadata_UsesTheDefaultKey_WhenTheRuleNamesNone()
    {
        var rules = Rules(new IdentityRule(IdentityMatchKind.Metadata, "ol-{function}", null));
        Assert.That(rules.Match("/", "", new Dictionary<string, string> { ["function_name"] = "ol-echo" }), Is.EqualTo("echo"));
    }

    [Test]
    public void FirstMatchingRule_Wins()
    {
        var rules = Rules(
            new IdentityRule(IdentityMatchKind.Comm, "special", "vip"),
            new IdentityRule(IdentityMatchKind.Cgroup, "/faas/{function}/**", null),
            new IdentityRule(IdentityMatchKind.Comm, "*", "catch-all"));
        Assert.That(rules.TryMatch("/faas/fib/a", "special", null, out var first), Is.True);
        Assert.That(first, Is.EqualTo(new FunctionIdentity("vip", 0, null)));
        Assert.That(rules.TryMatch("/faas/fib/a", "python3", null, out var second), Is.True);
        Assert.That(second, Is.EqualTo(new FunctionIdentity("fib", 1, null)));
        Assert.That(rules.TryMatch("/system.slice/x", "python3", null, out var third), Is.True);
        Assert.That(third.RuleIndex, Is.EqualTo(2));
    }

    [Test]
    public void NoMatch_ReturnsNull()
    {
        var rules = FunctionIdentityRules.FromConfig(EnclaveConfigLoader.Default);
        Assert.That(rules.Match("/system.slice/sshd.service", "sshd", null), Is.Null);
        Assert.That(rules.TryMatch("/user.slice", "bash", null, out _), Is.False);
        Assert.That(new FunctionIdentityRules([]).Match("/alps/x", "x", null), Is.Null);
    }

    [Test]
    public void DefaultRules_TagTheAlpsCgroupTree()
    {
        var rules = FunctionIdentityRules.FromConfig(EnclaveConfigLoader.Default);
        Assert.That(rules.Match("/alps/fib", "", null), Is.EqualTo("fib"));
        Assert.That(rules.Match("/alps/fib/inst-1/thread", "", null), Is.EqualTo("fib"));
    }

    [Test]
    public void LiteralCharactersAreNotRegex()
    {
        var rules = Rules(new IdentityRule(IdentityMatchKind.Comm, "a.b+(c)", "lit"));
        Assert.That(rules.Match("/", "a.b+(c)", null), Is.EqualTo("lit"));
        Assert.That(rules.Match("/", "aXb+(c)", null), Is.Null);
    }

    [Test]
    public void AdversarialPattern_OnLongText_StaysFast()
    {
        // Property: the failure memo bounds backtracking (without it this pattern is exponential in the stars).
        var rules = Rules(new IdentityRule(IdentityMatchKind.Comm, "*a*a*a*a*a*a*a*a*a*a*a*b", "x"));
        string text = new('a', 1000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(rules.Match("/", text, null), Is.Null);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void MatchingAFixedName_AllocatesNothing()
    {
        // Property: identity runs at every TASK_NEW; only a captured name may allocate (a substring).
        var rules = Rules(
            new IdentityRule(IdentityMatchKind.Cgroup, "/system.slice/*", "system"),
            new IdentityRule(IdentityMatchKind.Comm, "fib?-*", "fib"));
        const string cgroup = "/faas/fib/inst-3";
        const string comm = "fib1-worker";
        Assert.That(rules.Match(cgroup, comm, null), Is.EqualTo("fib"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _ = rules.Match(cgroup, comm, null);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void InvalidRules_AreRejected_NamingTheParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => Rules(new IdentityRule(IdentityMatchKind.Cgroup, "faas/{function}", null)));
        Assert.That(ex!.ParamName, Is.EqualTo("rules"));
        Assert.Throws<ArgumentException>(() => Rules(new IdentityRule(IdentityMatchKind.Comm, "fib*", null)));
        Assert.Throws<ArgumentException>(() => Rules(new IdentityRule(IdentityMatchKind.Comm, "{function}{function}", null)));
        Assert.Throws<ArgumentNullException>(() => Rules(new IdentityRule(IdentityMatchKind.Comm, "x", "x")).Match(null!, "", null));
    }
}
