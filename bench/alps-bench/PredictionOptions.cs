using System.CommandLine;
using AlpsGhost.Kernel;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench;

/// <summary>The options that choose the simulator's prediction of real runs (<c>real</c> and <c>predict</c>): one definition each.</summary>
internal static class PredictionOptions
{
    /// <summary><c>--fair-class</c>: the fair-class model, EEVDF by default (what a stock kernel runs).</summary>
    public static Option<string> FairClass() => new("--fair-class")
    {
        Description = "Fair-class model of the simulator's prediction: '" + FairClassNames.Eevdf + "' (default: Linux 6.6+, what a stock kernel runs) or '" + FairClassNames.Cfs511 + "'.",
        DefaultValueFactory = _ => FairClassNames.Eevdf,
    };

    /// <summary><c>--costs</c>: a host cost profile for the prediction.</summary>
    public static Option<FileInfo?> Costs() => new("--costs")
    {
        Description = "Host cost profile (JSON, written by `alps-bench calibrate --costs-out` or `--costs-from-real`) the simulator's prediction uses.",
    };

    /// <summary><c>--predict-host</c>: which host the prediction models, the stock-Linux twin by default.</summary>
    public static Option<string> Host()
    {
        var host = new Option<string>("--predict-host")
        {
            Description = "The host the simulator's prediction models: 'linux' (default: the twin of the stock-Linux backend real runs use) or 'ghost' (the simulated ghOSt agent).",
            DefaultValueFactory = _ => RunRequest.LinuxHost,
        };
        host.AcceptOnlyFromAmong(RunRequest.LinuxHost, RunRequest.GhostHost);
        return host;
    }
}
