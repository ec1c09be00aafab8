using AlpsGhost.Cli;
using AlpsGhost.Service.Stats;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary><c>stats --interval SEC</c> prints a stamped snapshot per interval until Ctrl+C, which ends it with exit 0.</summary>
public class StatsIntervalTests
{
    [Test]
    public async Task IntervalPrintsStampedSnapshotsUntilCancelled()
    {
        string dir = Path.Combine(Path.GetTempPath(), "alps-stats-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            string socket = Path.Combine(dir, "stats.sock");
            await using var server = new StatsSocketServer(socket, () => AgentStatsSnapshot.Empty);
            server.Start();
            using var sigint = new CancellationTokenSource();
            // Ctrl+C arrives when the third snapshot's stamp is written: no timing involved.
            var output = new CancelOnNthStamp(sigint, 3);
            var errors = new StringWriter();
            int code = AgentCommandLine.Run(["stats", "--socket", socket, "--interval", "0.01"], output, errors, sigint.Token);
            Assert.That(code, Is.Zero, errors.ToString());
            Assert.That(output.Stamps, Is.EqualTo(3));
            Assert.That(output.ToString(), Does.Contain("# TYPE alps_ghost_decisions_total counter"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("86401")]
    public void IntervalOutOfRangeIsExit2(string value)
    {
        var errors = new StringWriter();
        int code = AgentCommandLine.Run(["stats", "--socket", "/nonexistent", "--interval", value], new StringWriter(), errors);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors.ToString(), Does.Contain($"--interval '{value}' is not valid: expected a number of seconds in (0, 86400]"));
    }

    private sealed class CancelOnNthStamp(CancellationTokenSource cancel, int n) : StringWriter
    {
        public int Stamps { get; private set; }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.StartsWith("# at ", StringComparison.Ordinal) && ++Stamps == n)
            {
                cancel.Cancel();
            }
        }
    }
}
