using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace AlpsGhost.Agent.Learning;

/// <summary>
/// <c>forest</c>: a Microsoft.ML FastForest regression over (index -> segment length), basis = prediction at index
/// n + 1 truncated toward zero; std = population std of the segments. Stands for the original's
/// <c>RandomForestRegressor(n_estimators=10, random_state=42)</c> (docs/algorithm.md §2.1).
/// </summary>
/// <remarks>
/// Deterministic: <c>MLContext(seed)</c>, the trainer's own seed, one thread. Fewer than
/// <see cref="MinimumSegments"/> segments cannot grow a tree, so the basis falls back to the mean.
/// A forest extrapolates flat: the prediction at n + 1 is what the most recent leaf learned.
/// </remarks>
public sealed class ForestTrainer : ITrainer
{
    /// <summary>Below this many segments the trainer answers the mean.</summary>
    public const int MinimumSegments = 3;

    private readonly int _seed;
    private readonly int _trees;

    /// <summary>Creates the trainer with a fixed <paramref name="seed"/> and <paramref name="trees"/> trees.</summary>
    public ForestTrainer(int seed = 42, int trees = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1, nameof(trees));
        _seed = seed;
        _trees = trees;
    }

    /// <inheritdoc/>
    public string Name => "forest";

    /// <inheritdoc/>
    public TrainerResult Train(FunctionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        IReadOnlyList<int> y = profile.Segments;
        SegmentStatistics s = SegmentStatistics.Of(y);
        if (y.Count < MinimumSegments)
        {
            return new TrainerResult(s.Mean, s.Std);
        }

        // A fresh context per function keeps every function's result independent of the others and of order.
        var ml = new MLContext(_seed);
        var rows = new Row[y.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new Row { Features = [i + 1], Label = y[i] };
        }
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var options = new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = _trees,
            NumberOfThreads = 1,
            Seed = _seed,
            MinimumExampleCountPerLeaf = 1,
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
        };
        ITransformer model = ml.Regression.Trainers.FastForest(options).Fit(data);
        IDataView next = ml.Data.LoadFromEnumerable(new[] { new Row { Features = [y.Count + 1], Label = 0 } });
        float prediction = model.Transform(next).GetColumn<float>("Score").First();
        return new TrainerResult(Math.Max(0, Math.Truncate((double)prediction)), s.Std);
    }

    private sealed class Row
    {
        [VectorType(1)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
