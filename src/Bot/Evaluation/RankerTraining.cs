using System.Globalization;
using Clearance.Knowledge;
using Clearance.Knowledge.Answers;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Clearance.Bot.Evaluation;

/// <summary>
/// Trains the guide ranker (issue 12) on labelled question sets: every candidate guide of every question asked
/// without context is a row, labelled by whether the answer composed from that guide would pass the item (every
/// "must", one of each "any", the fact first); an out-of-scope question's candidates are all negatives. Boosted trees
/// (ML.NET FastTree) learn it; the threshold that decides "answer or decline" is chosen on scores each set got from a
/// model trained without it, so it is not fitted to answers the trees have memorised.
/// </summary>
public sealed class RankerTraining(KnowledgeBase knowledge)
{
    private const int Trees = 150;
    private const int Leaves = 8;
    private const int MinPerLeaf = 12;
    private const double LearningRate = 0.08;

    /// <summary>One question's candidates with their labels.</summary>
    public sealed record Question(string Set, string Id, bool InScope, IReadOnlyList<RankedCandidate> Candidates, bool[] Labels);

    public sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public IReadOnlyList<Question> Label(IEnumerable<(string Set, IReadOnlyList<EvaluationItem> Items)> sets)
    {
        var answers = new AnswerService(knowledge) { CacheAnswers = false };
        var questions = new List<Question>();
        foreach (var (set, items) in sets)
        {
            foreach (var item in items)
            {
                var turn = item.Turns[0];
                if (turn.ExpectDecline) continue;
                var candidates = answers.Candidates(item.School, turn.Q);
                if (candidates.Count == 0) continue;
                var inScope = item.Kind != "out-of-scope";
                var labels = candidates.Select(c => inScope && QuestionSetEvaluator.AnswerMissing(turn,
                    new QuestionSetEvaluator.Said(c.Answer.Text, true)).Count == 0).ToArray();
                questions.Add(new Question(set, item.Id, inScope, [.. candidates.Select(c => c.Candidate)], labels));
            }
        }
        return questions;
    }

    /// <summary>Trains on every question given; the threshold comes from scores each set got while held out.</summary>
    public (RankerFile File, string Report) Train(IReadOnlyList<Question> questions, TextWriter log)
    {
        var ml = new MLContext(seed: 12);
        var sets = questions.Select(q => q.Set).Distinct().ToList();
        var heldOutTop = new List<(Question Question, double Score, bool Right)>();
        var report = new System.Text.StringBuilder();
        report.AppendLine("| set (held out) | questions | hand top-1 right | ranker top-1 right | some candidate right |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var set in sets)
        {
            var ranker = Fit(ml, questions.Where(q => q.Set != set).ToList()).Ranker;
            var held = questions.Where(q => q.Set == set).Select(q => (Question: q, Top: Top(ranker, q))).ToList();
            heldOutTop.AddRange(held.Select(h => (h.Question, h.Top.Score, h.Question.Labels[h.Top.Index])));
            var inScope = held.Where(h => h.Question.InScope).ToList();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {set} | {inScope.Count} in / {held.Count - inScope.Count} out | {inScope.Count(h => h.Question.Labels[0])} | {inScope.Count(h => h.Question.Labels[h.Top.Index])} | {inScope.Count(h => h.Question.Labels.Any(l => l))} |"));
        }
        var threshold = ChooseThreshold(heldOutTop);
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"threshold {threshold:0.000}: {Accuracy(heldOutTop, threshold)}"));
        var (final, file) = Fit(ml, questions);
        log.WriteLine($"trained on {questions.Count} questions, {questions.Sum(q => q.Candidates.Count)} candidates");
        return (file with { Threshold = threshold, TrainedOn = sets }, report.ToString());
    }

    private static (int Index, double Score) Top(GuideRanker ranker, Question q)
    {
        var best = (Index: 0, Score: double.NegativeInfinity);
        for (var i = 0; i < q.Candidates.Count; i++)
        {
            var s = ranker.Score(q.Candidates[i].Features);
            if (s > best.Score) best = (i, s);
        }
        return best;
    }

    /// <summary>The threshold that best balances answering in-scope questions right and declining the rest.</summary>
    private static double ChooseThreshold(List<(Question Question, double Score, bool Right)> tops)
    {
        var candidates = tops.Select(t => t.Score).Distinct().Order().ToList();
        var best = (Threshold: 0.0, Value: double.NegativeInfinity);
        for (var i = 0; i < candidates.Count; i++)
        {
            // Midway between neighbouring scores, so a score on the boundary is not decided by rounding.
            var t = i == 0 ? candidates[0] - 1e-3 : (candidates[i - 1] + candidates[i]) / 2;
            var (inScope, outOfScope) = Rates(tops, t);
            var value = inScope + outOfScope;
            if (value > best.Value) best = (t, value);
        }
        return best.Threshold;
    }

    private static (double InScope, double OutOfScope) Rates(List<(Question Question, double Score, bool Right)> tops, double threshold)
    {
        var inScope = tops.Where(t => t.Question.InScope).ToList();
        var outOfScope = tops.Where(t => !t.Question.InScope).ToList();
        return (inScope.Count == 0 ? 1 : (double)inScope.Count(t => t.Right && t.Score >= threshold) / inScope.Count,
            outOfScope.Count == 0 ? 1 : (double)outOfScope.Count(t => t.Score < threshold) / outOfScope.Count);
    }

    private static string Accuracy(List<(Question Question, double Score, bool Right)> tops, double threshold)
    {
        var (inScope, outOfScope) = Rates(tops, threshold);
        return string.Create(CultureInfo.InvariantCulture, $"held-out questions reaching the choice: in-scope right {inScope:0.000}, out-of-scope declined {outOfScope:0.000}");
    }

    private static (GuideRanker Ranker, RankerFile File) Fit(MLContext ml, IReadOnlyList<Question> questions)
    {
        var rows = questions.SelectMany(q => q.Candidates.Select((c, i) => new Row { Features = c.Features, Label = q.Labels[i] })).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, CandidateFeatures.Count);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = Trees,
            NumberOfLeaves = Leaves,
            MinimumExampleCountPerLeaf = MinPerLeaf,
            LearningRate = LearningRate,
            FeatureColumnName = nameof(Row.Features),
            LabelColumnName = nameof(Row.Label),
            NumberOfThreads = 1,
        });
        var model = trainer.Fit(data);
        var ensemble = model.Model.SubModel.TrainedTreeEnsemble;
        var trees = ensemble.Trees.Select((t, i) => new RankerTree(
            ensemble.TreeWeights[i],
            [.. t.NumericalSplitFeatureIndexes],
            [.. t.NumericalSplitThresholds],
            [.. t.LeftChild],
            [.. t.RightChild],
            [.. t.LeafValues])).ToList();
        var file = new RankerFile(CandidateFeatures.Names, ensemble.Bias, 0, trees, []);
        using var buffer = new MemoryStream();
        GuideRanker.Save(file, buffer);
        buffer.Position = 0;
        var ranker = GuideRanker.Load(buffer);
        // The exported trees must score exactly as the trained model does, or the service would run another model.
        var scored = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var mine = ranker.Score(rows[i].Features);
            if (Math.Abs(mine - scored[i].Score) > 1e-3 * Math.Max(1, Math.Abs(mine)))
                throw new InvalidOperationException($"exported trees disagree with the trained model on row {i}: {mine} vs {scored[i].Score}");
        }
        return (ranker, file);
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }
}
