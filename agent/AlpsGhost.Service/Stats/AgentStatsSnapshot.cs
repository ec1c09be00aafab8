using System.Globalization;
using System.Text;
using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Service.Stats;

/// <summary>
/// An immutable copy of the agent's statistics at one instant, built on the agent thread and read by the stats
/// servers; renders as Prometheus text exposition format 0.0.4.
/// </summary>
/// <remarks>Prometheus conventions: monotonically growing quantities are counters (<c>_total</c>) and rates are
/// the query's job (<c>rate(alps_ghost_decisions_total[1m])</c>), never a gauge computed here over whatever
/// interval the agent happened to publish at. Written by hand rather than with prometheus-net: the agent
/// thread builds immutable snapshots without locks and the responders only serialise the last one, which a
/// registry of live, lock-protected metric objects would not keep (docs/service.md).</remarks>
public sealed class AgentStatsSnapshot
{
    private static readonly GhostMessageType[] MessageTypes = Enum.GetValues<GhostMessageType>();

    // Computed once: a snapshot is built on the agent thread, so it should allocate no more than it must.
    private static readonly string[] MessageNames = Array.ConvertAll(MessageTypes, KernelMessageName);
    private static readonly string[] TxnNames = Enumerable.Range(0, GhostTxnStates.FinishedStateCount)
        .Select(i => GhostTxnStates.KernelName(GhostTxnState.Complete + i)).ToArray();

    /// <summary>The content type of <see cref="ToPrometheusText"/>.</summary>
    public const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A snapshot taken before the agent ran (all zero).</summary>
    public static AgentStatsSnapshot Empty { get; } = new();

    /// <summary>Agent clock at capture (ns).</summary>
    public long TimestampNs { get; private init; }

    /// <summary>Agent mode (spinning, queue-wakeup, adaptive).</summary>
    public string AgentMode { get; private init; } = "none";

    /// <summary>Scheduling policy name.</summary>
    public string Policy { get; private init; } = "none";

    /// <summary>Scheduling rounds.</summary>
    public long Rounds { get; private init; }

    /// <summary>Transactions committed.</summary>
    public long Decisions { get; private init; }

    /// <summary>Tasks runnable without a CPU.</summary>
    public int RunQueueDepth { get; private init; }

    /// <summary>Tasks tracked.</summary>
    public int TasksKnown { get; private init; }

    /// <summary>Transaction outcomes by kernel state name (GHOST_TXN_...).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TxnOutcomes { get; private init; } = [];

    /// <summary>Messages handled by kernel type name (MSG_...).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> MessagesByType { get; private init; } = [];

    /// <summary>Per-function rank and slice of the current policy.</summary>
    public IReadOnlyList<FunctionStats> Functions { get; private init; } = [];

    /// <summary>Learner counters, or null when not learning.</summary>
    public LearnerStats? Learner { get; private init; }

    /// <summary>Invocation records dropped because the observation queue was full.</summary>
    public long ObservationDrops { get; private init; }

    /// <summary>The kernel queue's overflow counter.</summary>
    public long QueueOverflow { get; private init; }

    /// <summary>Completion-time histograms of the functions seen lately (evicted ones are absent).</summary>
    public IReadOnlyList<FunctionCompletions> Completions { get; private init; } = [];

    /// <summary>Completed invocations whose function was unknown (in no histogram).</summary>
    public long UnattributedCompletions { get; private init; }

    /// <summary>Counters of a backend other than ghOSt (the stock-Linux backend's raises, demotions, ...), by name.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> BackendCounters { get; private init; } = [];

    /// <summary>
    /// A snapshot of a backend without ghOSt messages or transactions (the stock-Linux backend): its decisions are
    /// its <c>sched_setattr</c> calls; its own counters go to <see cref="BackendCounters"/>.
    /// </summary>
    /// <param name="mode">How the agent waits (e.g. "tick").</param>
    /// <param name="policyName">Scheduling policy name.</param>
    /// <param name="rounds">Agent loop rounds.</param>
    /// <param name="decisions">Scheduling decisions applied to the kernel.</param>
    /// <param name="tasksKnown">Tasks tracked.</param>
    /// <param name="observationDrops">Invocation records dropped because the observation queue was full.</param>
    /// <param name="backendCounters">The backend's own counters by name.</param>
    /// <param name="nowNs">Agent clock now.</param>
    /// <param name="policy">The current policy table.</param>
    /// <param name="functionNames">Function names by id.</param>
    /// <param name="learner">Learner counters, or null.</param>
    /// <param name="completions">Completion-time histograms (agent thread), or null for none.</param>
    public static AgentStatsSnapshot CaptureBackend(string mode, string policyName, long rounds, long decisions, int tasksKnown, long observationDrops,
        IReadOnlyList<KeyValuePair<string, long>> backendCounters, long nowNs, PolicySnapshot policy,
        IReadOnlyList<string> functionNames, LearnerStats? learner, CompletionHistograms? completions = null)
    {
        ArgumentNullException.ThrowIfNull(backendCounters);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(functionNames);
        return new AgentStatsSnapshot
        {
            TimestampNs = nowNs,
            AgentMode = mode,
            Policy = policyName,
            Rounds = rounds,
            Decisions = decisions,
            TasksKnown = tasksKnown,
            Functions = FunctionTable(policy, functionNames),
            Learner = learner,
            ObservationDrops = observationDrops,
            BackendCounters = backendCounters,
            Completions = completions?.Capture(nowNs, functionNames) ?? [],
            UnattributedCompletions = completions?.Unattributed ?? 0,
        };
    }

    /// <summary>
    /// Copies <paramref name="stats"/> (call on the agent thread: the counters are written there).
    /// </summary>
    /// <param name="stats">The agent's counters.</param>
    /// <param name="nowNs">Agent clock now.</param>
    /// <param name="policy">The current policy table.</param>
    /// <param name="functionNames">Function names by id.</param>
    /// <param name="learner">Learner counters, or null.</param>
    /// <param name="completions">Completion-time histograms (agent thread), or null for none.</param>
    public static AgentStatsSnapshot Capture(AgentStats stats, long nowNs, PolicySnapshot policy,
        IReadOnlyList<string> functionNames, LearnerStats? learner, CompletionHistograms? completions = null)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(functionNames);
        var txn = new List<KeyValuePair<string, long>>(GhostTxnStates.FinishedStateCount);
        for (int i = 0; i < GhostTxnStates.FinishedStateCount; i++)
        {
            txn.Add(new(TxnNames[i], stats.TxnOutcome(GhostTxnState.Complete + i)));
        }
        var messages = new List<KeyValuePair<string, long>>(MessageTypes.Length);
        for (int i = 0; i < MessageTypes.Length; i++)
        {
            messages.Add(new(MessageNames[i], stats.Messages(MessageTypes[i])));
        }
        List<FunctionStats> functions = FunctionTable(policy, functionNames);
        return new AgentStatsSnapshot
        {
            TimestampNs = nowNs,
            AgentMode = Ghost.AgentModes.Name(stats.Mode),
            Policy = stats.Policy,
            Rounds = stats.Rounds,
            Decisions = stats.Decisions,
            RunQueueDepth = stats.RunQueueDepth,
            TasksKnown = stats.TasksKnown,
            TxnOutcomes = txn,
            MessagesByType = messages,
            Functions = functions,
            Learner = learner,
            ObservationDrops = stats.ObservationDrops,
            QueueOverflow = stats.QueueOverflow,
            Completions = completions?.Capture(nowNs, functionNames) ?? [],
            UnattributedCompletions = completions?.Unattributed ?? 0,
        };
    }

    private static List<FunctionStats> FunctionTable(PolicySnapshot policy, IReadOnlyList<string> functionNames)
    {
        var functions = new List<FunctionStats>();
        for (int f = 0; f < functionNames.Count; f++)
        {
            if (policy.TryGet(f, out FunctionPolicy fp))
            {
                functions.Add(new FunctionStats(functionNames[f], fp.Rank, fp.SliceNs));
            }
        }
        return functions;
    }

    /// <summary>The kernel's name of a message type: <c>TaskNew</c> -> <c>MSG_TASK_NEW</c>.</summary>
    public static string KernelMessageName(GhostMessageType type)
    {
        string name = type.ToString();
        var b = new StringBuilder("MSG");
        foreach (char c in name)
        {
            if (char.IsUpper(c))
            {
                b.Append('_');
            }
            b.Append(char.ToUpperInvariant(c));
        }
        return b.ToString();
    }

    /// <summary>Prometheus text exposition format 0.0.4 (every metric with HELP and TYPE, '\n' line ends).</summary>
    public string ToPrometheusText()
    {
        var b = new StringBuilder(4096);
        Metric(b, "alps_ghost_agent_info", "gauge", "Constant 1; labels name the agent mode and policy.");
        b.Append("alps_ghost_agent_info{mode=\"").Append(Escape(AgentMode)).Append("\",policy=\"").Append(Escape(Policy)).Append("\"} 1\n");
        Single(b, "alps_ghost_rounds_total", "counter", "Scheduling rounds of the agent.", Rounds);
        Single(b, "alps_ghost_decisions_total", "counter", "Transactions committed.", Decisions);
        Single(b, "alps_ghost_run_queue_depth", "gauge", "Tasks runnable without a CPU.", RunQueueDepth);
        Single(b, "alps_ghost_tasks", "gauge", "Tasks tracked by the agent.", TasksKnown);
        Metric(b, "alps_ghost_txn_outcomes_total", "counter", "Transactions by final state.");
        foreach (KeyValuePair<string, long> t in TxnOutcomes)
        {
            b.Append("alps_ghost_txn_outcomes_total{state=\"").Append(Escape(t.Key)).Append("\"} ").Append(Number(t.Value)).Append('\n');
        }
        Metric(b, "alps_ghost_messages_total", "counter", "Kernel messages handled by type.");
        foreach (KeyValuePair<string, long> m in MessagesByType)
        {
            b.Append("alps_ghost_messages_total{type=\"").Append(Escape(m.Key)).Append("\"} ").Append(Number(m.Value)).Append('\n');
        }
        Metric(b, "alps_ghost_function_rank", "gauge", "Current rank of a function (lower runs first).");
        foreach (FunctionStats f in Functions)
        {
            b.Append("alps_ghost_function_rank{function=\"").Append(Escape(f.Name)).Append("\"} ").Append(Number(f.Rank)).Append('\n');
        }
        Metric(b, "alps_ghost_function_slice_seconds", "gauge", "Current minimum uninterrupted run per dispatch of a function.");
        foreach (FunctionStats f in Functions)
        {
            b.Append("alps_ghost_function_slice_seconds{function=\"").Append(Escape(f.Name)).Append("\"} ").Append(Number(f.SliceNs / 1e9)).Append('\n');
        }
        CompletionHistogramsText(b);
        LearnerStats l = Learner ?? default;
        Single(b, "alps_ghost_learner_enabled", "gauge", "1 when the learner runs.", Learner is null ? 0 : 1);
        Single(b, "alps_ghost_learner_window_size", "gauge", "Invocation records in the learning window.", l.WindowSize);
        Single(b, "alps_ghost_learner_last_round_seconds", "gauge", "Wall time of the last learning round.", l.LastLearningSeconds);
        Single(b, "alps_ghost_learner_rounds_total", "counter", "Learning rounds run.", l.Rounds);
        Single(b, "alps_ghost_learner_failures_total", "counter", "Learning rounds that failed (the previous policy stayed).", l.Failures);
        Single(b, "alps_ghost_observation_drops_total", "counter", "Invocation records dropped because the observation queue was full.", ObservationDrops);
        Single(b, "alps_ghost_kernel_queue_overflow_total", "counter", "Messages the kernel could not deliver (queue overflow counter).", QueueOverflow);
        if (BackendCounters.Count > 0)
        {
            Metric(b, "alps_ghost_backend_events_total", "counter", "Counters of the stock-Linux backend by event (raised, demoted_slice, syscalls, ...).");
            foreach (KeyValuePair<string, long> c in BackendCounters)
            {
                b.Append("alps_ghost_backend_events_total{event=\"").Append(Escape(c.Key)).Append("\"} ").Append(Number(c.Value)).Append('\n');
            }
        }
        return b.ToString();
    }

    // One histogram per function: cumulative _bucket{le} series ending at +Inf (= _count), then _sum and _count.
    private void CompletionHistogramsText(StringBuilder b)
    {
        const string Name = "alps_ghost_function_completion_seconds";
        Metric(b, Name, "histogram", "Completion time (arrival to exit) of a function's invocations; a function idle for a learning window is dropped.");
        IReadOnlyList<double> bounds = CompletionHistograms.BoundsSeconds;
        foreach (FunctionCompletions f in Completions)
        {
            string function = Escape(f.Name);
            for (int i = 0; i < f.CumulativeCounts.Count; i++)
            {
                string le = i < bounds.Count ? Number(bounds[i]) : "+Inf";
                b.Append(Name).Append("_bucket{function=\"").Append(function).Append("\",le=\"").Append(le).Append("\"} ")
                    .Append(Number(f.CumulativeCounts[i])).Append('\n');
            }
            b.Append(Name).Append("_sum{function=\"").Append(function).Append("\"} ").Append(Number(f.SumSeconds)).Append('\n');
            b.Append(Name).Append("_count{function=\"").Append(function).Append("\"} ").Append(Number(f.Count)).Append('\n');
        }
        Single(b, "alps_ghost_unattributed_completions_total", "counter", "Completed invocations whose function was unknown (in no histogram).", UnattributedCompletions);
    }

    private static void Metric(StringBuilder b, string name, string type, string help) =>
        b.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Single(StringBuilder b, string name, string type, string help, double value)
    {
        Metric(b, name, type, help);
        b.Append(name).Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    // Label values escape backslash, double quote and newline (exposition format 0.0.4).
    internal static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
