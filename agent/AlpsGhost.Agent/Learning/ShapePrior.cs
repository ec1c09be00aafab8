namespace AlpsGhost.Agent.Learning;

/// <summary>
/// A prior for functions seen only a few times: every function's demand is modelled as its own scale times a
/// shape shared by all functions (log d = scale_f + residual), the shape pooled from the functions with enough
/// samples, the scale shrunk toward the population's.
/// </summary>
/// <remarks>
/// <para>Why: a curve from one or two samples is overconfident. One sample d makes the index d - a, near 0 just
/// before d: an invocation that outruns d takes priority over everything exactly when the sample was wrong, and
/// under a heavy tail it usually is. FaaS functions differ mostly in scale (orders of magnitude) while their
/// spread around it is alike, so the spread of the well-observed functions is the best guess for a thin one.</para>
/// <para>Fit: residuals log d - mean_f(log d) of functions with at least <see cref="MinDonorSamples"/> samples,
/// each scaled by sqrt(n / (n - 1)) so that the within-function variance is unbiased; the scale of a function with n
/// samples is the precision-weighted mean of its own mean log demand (weight n / within-variance) and the mean over
/// functions (weight 1 / between-variance): the normal-normal posterior mean.</para>
/// <para>Use: <see cref="Complete"/> adds (target - n) pseudo-samples at evenly spaced quantiles of the residuals,
/// around the function's shrunk scale, to its n real ones; so a function's own data takes over as it accumulates,
/// and at <c>target</c> samples the prior is gone. Deterministic: no randomness, a pure function of the window.</para>
/// </remarks>
internal sealed class ShapePrior
{
    /// <summary>Samples a function needs to lend its spread to the pooled shape.</summary>
    public const int MinDonorSamples = 4;

    private readonly double[] _residuals; // sorted
    private readonly double _withinVariance;
    private readonly double _betweenVariance;
    private readonly double _populationLogMean;

    private ShapePrior(double[] residuals, double withinVariance, double betweenVariance, double populationLogMean)
    {
        _residuals = residuals;
        _withinVariance = withinVariance;
        _betweenVariance = betweenVariance;
        _populationLogMean = populationLogMean;
    }

    /// <summary>The prior from each function's sorted demands (ns); null when no function has <see cref="MinDonorSamples"/>.</summary>
    public static ShapePrior? Fit(IReadOnlyDictionary<int, long[]> sortedByFunction)
    {
        var residuals = new List<double>();
        double sumLogMeans = 0;
        double sumSquaredLogMeans = 0;
        double sumSamplingVariance = 0;
        foreach (long[] sorted in sortedByFunction.Values)
        {
            double logMean = LogMean(sorted);
            sumLogMeans += logMean;
            sumSquaredLogMeans += logMean * logMean;
            int n = sorted.Length;
            if (n < MinDonorSamples)
            {
                continue;
            }
            double inflate = Math.Sqrt(n / (n - 1.0));
            foreach (long d in sorted)
            {
                residuals.Add((Math.Log(d) - logMean) * inflate);
            }
        }
        if (residuals.Count == 0)
        {
            return null;
        }
        double within = 0;
        foreach (double r in residuals)
        {
            within += r * r;
        }
        within = Math.Max(within / residuals.Count, 1e-6);
        int functions = sortedByFunction.Count;
        foreach (long[] sorted in sortedByFunction.Values)
        {
            sumSamplingVariance += within / sorted.Length;
        }
        double mean = sumLogMeans / functions;
        // Spread of the functions' true scales: the observed spread of their means less what sampling adds. With
        // one function (or functions that agree) it is not identifiable: a tiny value would pin every scale to the
        // population's, so it is floored at the within-function variance (a sample then counts as much as the prior).
        double observed = functions > 1 ? (sumSquaredLogMeans - (functions * mean * mean)) / (functions - 1) : 0;
        double between = Math.Max(observed - (sumSamplingVariance / functions), within);
        double[] sortedResiduals = [.. residuals];
        Array.Sort(sortedResiduals);
        return new ShapePrior(sortedResiduals, within, between, mean);
    }

    /// <summary><paramref name="sorted"/> (a function's demands, ascending, fewer than <paramref name="target"/>) plus
    /// pseudo-samples up to <paramref name="target"/>, ascending.</summary>
    public long[] Complete(long[] sorted, int target)
    {
        int n = sorted.Length;
        int extra = target - n;
        if (extra <= 0)
        {
            return sorted;
        }
        double precisionOwn = n / _withinVariance;
        double precisionPrior = 1 / _betweenVariance;
        double scale = ((precisionOwn * LogMean(sorted)) + (precisionPrior * _populationLogMean)) / (precisionOwn + precisionPrior);
        var result = new long[target];
        sorted.CopyTo(result, 0);
        for (int k = 0; k < extra; k++)
        {
            double q = (k + 0.5) / extra;
            double residual = _residuals[Math.Min(_residuals.Length - 1, (int)(q * _residuals.Length))];
            // Clamped into [1 ns, 1 h]: a pseudo-demand is a guess, never an overflow.
            result[n + k] = (long)Math.Clamp(Math.Exp(scale + residual), 1, 3.6e12);
        }
        Array.Sort(result);
        return result;
    }

    private static double LogMean(long[] sorted)
    {
        double sum = 0;
        foreach (long d in sorted)
        {
            sum += Math.Log(Math.Max(1, d));
        }
        return sum / sorted.Length;
    }
}
