using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Learning;

/// <summary>
/// The learner: consumes an <see cref="ObservationQueue"/>, keeps the sliding window, runs learning rounds and
/// publishes snapshots through a <see cref="PolicyPublisher"/>.
/// </summary>
/// <remarks>
/// Two drivers share <see cref="RunRound"/>: a dedicated background thread woken every window period on the wall
/// clock (<see cref="Start"/>), and direct calls from the simulator glue at window boundaries in virtual time.
/// A round that throws or yields NaN / infinite / negative values publishes nothing: the last good snapshot
/// stays in force, the failure is logged and counted. The queue's consumer side is owned here: only one
/// driver may be used at a time (rounds are serialised by a lock, the cold path).
/// </remarks>
public sealed class BackgroundLearner : IDisposable
{
    private readonly ObservationQueue _queue;
    private readonly PolicyPublisher _publisher;
    private readonly InvocationWindow _window;
    private readonly LearningRound _round;
    private readonly LearningOptions _options;
    private readonly Action<string> _log;
    private readonly LearnerCostModel _cost;
    private readonly Lock _gate = new();
    private Thread? _thread;
    private CancellationTokenSource? _stop;
    private long _rounds;
    private long _failures;
    private long _lastLearningTicks;
    private int _windowSize;
    private PolicySnapshot? _lastSnapshot;

    /// <summary>Creates a learner.</summary>
    /// <param name="queue">Observations from the hot path; this learner is its only consumer.</param>
    /// <param name="publisher">Where snapshots go.</param>
    /// <param name="options">Learning options (window, SRPT, trainer name, tuning).</param>
    /// <param name="log">Receives one line per failed round (null: ignored).</param>
    /// <param name="trainer">Overrides the trainer named in <paramref name="options"/> (tests, experiments).</param>
    /// <param name="costModel">CPU cost model for the simulator (default: <see cref="LearnerCostModel.For"/> the options).</param>
    public BackgroundLearner(ObservationQueue queue, PolicyPublisher publisher, LearningOptions options, Action<string>? log = null,
        ITrainer? trainer = null, LearnerCostModel? costModel = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _publisher = publisher;
        _options = options;
        _window = new InvocationWindow(options.WindowNs);
        _round = new LearningRound(options, trainer);
        _log = log ?? (_ => { });
        _cost = costModel ?? (_round.Trainer is ForestTrainer ? LearnerCostModel.Forest : LearnerCostModel.For(options));
    }

    /// <summary>Rounds attempted (successful + failed).</summary>
    public long Rounds => Volatile.Read(ref _rounds);

    /// <summary>Rounds that failed and kept the previous snapshot.</summary>
    public long Failures => Volatile.Read(ref _failures);

    /// <summary>Duration of the last round (Stopwatch), successful or not.</summary>
    public TimeSpan LastLearningTime => TimeSpan.FromTicks(Volatile.Read(ref _lastLearningTicks));

    /// <summary>Records in the window at the last round.</summary>
    public int WindowSize => Volatile.Read(ref _windowSize);

    /// <summary>The last snapshot this learner published (null before the first good round).</summary>
    public PolicySnapshot? LastSnapshot => Volatile.Read(ref _lastSnapshot);

    /// <summary>Window length (ns), also the background period.</summary>
    public long WindowNs => _options.WindowNs;

    /// <summary>Called after every round with true (published) or false (failed); runs on the round's thread.</summary>
    public Action<bool>? RoundCompleted { get; set; }

    /// <summary>
    /// Runs one round now: drains the queue into the window, evicts records older than
    /// <c><paramref name="nowNs"/> - window</c>, learns, and publishes the new snapshot unless the round fails.
    /// </summary>
    /// <param name="nowNs">Clock of the round (virtual time in the simulator, monotonic ns on a real host).</param>
    /// <param name="utilizationPercent">Enclave CPU utilization U (percent) over the last period.</param>
    /// <returns>The round's result, or null when it failed.</returns>
    public RoundResult? RunRound(long nowNs, double utilizationPercent)
    {
        RoundResult? result = null;
        lock (_gate)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                while (_queue.TryRead(out InvocationRecord record))
                {
                    _window.Add(record);
                }
                _window.Evict(nowNs);
                ReadOnlySpan<InvocationRecord> ordered = _window.Ordered();
                Volatile.Write(ref _windowSize, ordered.Length);
                result = _round.Run(ordered, utilizationPercent, _publisher.Current, nowNs);
                _publisher.Publish(result.Snapshot);
                Volatile.Write(ref _lastSnapshot, result.Snapshot);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Any learner fault (trainer exception, NaN, bad utilization) must never reach the agent:
                // the snapshot in force stays, and the failure is visible in the counters and the log.
                result = null;
                Interlocked.Increment(ref _failures);
                _log($"alps learner: round at {nowNs} ns failed, keeping snapshot v{_publisher.Current.Version}: {ex.GetType().Name}: {ex.Message}");
            }
            Volatile.Write(ref _lastLearningTicks, watch.Elapsed.Ticks);
            Interlocked.Increment(ref _rounds);
        }
        RoundCompleted?.Invoke(result is not null);
        return result;
    }

    /// <summary>The modelled CPU time of a round over <paramref name="recordsInWindow"/> records (see <see cref="LearnerCostModel"/>).</summary>
    public long ModelledCpuNs(int recordsInWindow) => _cost.ModelledCpuNs(recordsInWindow);

    /// <summary>
    /// Starts the background driver: a dedicated thread that waits one window period, then runs a round with
    /// <paramref name="clockNs"/>() and <paramref name="utilizationPercent"/>(), until <paramref name="cancellationToken"/>
    /// or <see cref="Stop"/> cancels it.
    /// </summary>
    /// <param name="clockNs">The agent clock (ns).</param>
    /// <param name="utilizationPercent">Measures the enclave's CPU utilization over the last period (percent).</param>
    /// <param name="cancellationToken">Stops the thread.</param>
    /// <param name="period">Overrides the period (default: the window length).</param>
    /// <param name="threadStarted">Runs first on the learner's thread (a host that must keep the learner schedulable
    /// sets its scheduling class there).</param>
    /// <param name="firstWait">Wait before the first round; each later wait doubles until it reaches the period
    /// (<see cref="LearningCadence"/>). Default: the period.</param>
    public void Start(Func<long> clockNs, Func<double> utilizationPercent, CancellationToken cancellationToken, TimeSpan? period = null, Action? threadStarted = null,
        TimeSpan? firstWait = null)
    {
        ArgumentNullException.ThrowIfNull(clockNs);
        ArgumentNullException.ThrowIfNull(utilizationPercent);
        TimeSpan full = period ?? TimeSpan.FromTicks(_options.WindowNs / 100);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(full, TimeSpan.Zero, nameof(period));
        TimeSpan wait = firstWait is TimeSpan first && first < full ? first : full;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(wait, TimeSpan.Zero, nameof(firstWait));
        if (_thread is not null)
        {
            throw new InvalidOperationException("the background learner is already started");
        }
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken token = _stop.Token;
        _thread = new Thread(() =>
        {
            threadStarted?.Invoke();
            // WaitOne returns true when cancelled: no sleeps, stop is immediate.
            while (!token.WaitHandle.WaitOne(wait))
            {
                wait = TimeSpan.FromTicks(LearningCadence.NextWait(wait.Ticks, full.Ticks));
                double u;
                try
                {
                    u = utilizationPercent();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref _failures);
                    _log($"alps learner: utilization probe failed: {ex.GetType().Name}: {ex.Message}");
                    continue;
                }
                RunRound(clockNs(), u);
            }
        })
        {
            IsBackground = true,
            Name = "alps-learner",
        };
        _thread.Start();
    }

    /// <summary>Stops the background driver and waits for its thread (a round in progress completes first).</summary>
    public void Stop()
    {
        _stop?.Cancel();
        _thread?.Join();
        _thread = null;
        _stop?.Dispose();
        _stop = null;
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();
}
