using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clearance.Knowledge.Answers;

/// <summary>
/// A learned judge of "does this guide answer this question": boosted regression trees over the retrieval features of
/// one candidate guide (<see cref="CandidateFeatures"/>), trained by the <c>eval train-ranker</c> verb on the labelled
/// question sets and shipped as a JSON file beside the code. It re-orders the hand-ranked candidates and decides
/// whether the best one is good enough to answer. The trees are evaluated here, without the training library, so the
/// service pays microseconds and no start-up or memory for it.
/// </summary>
public sealed class GuideRanker
{
    private const string ResourceName = "Clearance.Knowledge.Answers.guide-ranker.json";

    private readonly RankerTree[] _trees;

    private GuideRanker(RankerFile file)
    {
        if (!file.Features.SequenceEqual(CandidateFeatures.Names))
            throw new InvalidDataException($"guide ranker was trained on features [{string.Join(", ", file.Features)}], this build computes [{string.Join(", ", CandidateFeatures.Names)}]: train it again");
        foreach (var tree in file.Trees) tree.Validate(CandidateFeatures.Names.Count);
        _trees = [.. file.Trees];
        Bias = file.Bias;
        Threshold = file.Threshold;
        TrainedOn = file.TrainedOn;
    }

    /// <summary>The lowest score of the best candidate at which the question is answered.</summary>
    public double Threshold { get; }

    public double Bias { get; }

    public IReadOnlyList<string> TrainedOn { get; }

    /// <summary>The ranker built into this release, or null when none was shipped.</summary>
    public static GuideRanker? Shipped { get; } = LoadShipped();

    public double Score(ReadOnlySpan<float> features)
    {
        var sum = Bias;
        foreach (var tree in _trees) sum += tree.Evaluate(features);
        return sum;
    }

    public static GuideRanker Load(Stream json) =>
        new(JsonSerializer.Deserialize(json, RankerJson.Default.RankerFile) ?? throw new InvalidDataException("empty guide ranker file"));

    public static GuideRanker Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    public static void Save(RankerFile file, Stream output) => JsonSerializer.Serialize(output, file, RankerJson.Default.RankerFile);

    private static GuideRanker? LoadShipped()
    {
        using var stream = typeof(GuideRanker).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? null : Load(stream);
    }
}

/// <summary>The shipped file: the feature names it was trained on (checked at load), the trees and the threshold.</summary>
public sealed record RankerFile(IReadOnlyList<string> Features, double Bias, double Threshold, IReadOnlyList<RankerTree> Trees, IReadOnlyList<string> TrainedOn);

/// <summary>
/// One regression tree in the arrays FastTree keeps: node i sends a value at or below <c>Thresholds[i]</c> of feature
/// <c>Splits[i]</c> to <c>Left[i]</c>, else to <c>Right[i]</c>; a negative child −(k+1) is leaf k.
/// </summary>
public sealed record RankerTree(double Weight, int[] Splits, float[] Thresholds, int[] Left, int[] Right, double[] Leaves)
{
    public double Evaluate(ReadOnlySpan<float> features)
    {
        if (Splits.Length == 0) return Weight * Leaves[0];
        var node = 0;
        while (node >= 0)
            node = features[Splits[node]] <= Thresholds[node] ? Left[node] : Right[node];
        return Weight * Leaves[~node];
    }

    internal void Validate(int featureCount)
    {
        var nodes = Splits.Length;
        if (Thresholds.Length != nodes || Left.Length != nodes || Right.Length != nodes || Leaves.Length != nodes + 1)
            throw new InvalidDataException("guide ranker tree arrays disagree in length");
        if (Splits.Any(f => f < 0 || f >= featureCount)) throw new InvalidDataException("guide ranker tree splits on an unknown feature");
        // Children only point forward, so evaluation always ends at a leaf.
        for (var i = 0; i < nodes; i++)
        {
            foreach (var child in (int[])[Left[i], Right[i]])
            {
                if (child >= 0 ? child <= i || child >= nodes : ~child >= Leaves.Length)
                    throw new InvalidDataException("guide ranker tree has a child out of range");
            }
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(RankerFile))]
internal sealed partial class RankerJson : JsonSerializerContext;
