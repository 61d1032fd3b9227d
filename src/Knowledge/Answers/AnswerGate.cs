namespace Clearance.Knowledge.Answers;

/// <summary>
/// When the guides cover a question well enough to answer it. Calibrated on the development, probe and unseen
/// question sets (`eval --sweep`; table in docs/benchmarks.md; KnowledgeQaEvaluationTests keeps the bounds honest).
/// </summary>
public sealed record AnswerGate
{
    /// <summary>Share (by word weight) of the question's topic words found in the best guide.</summary>
    public double MinCoverage { get; init; } = 0.5;

    /// <summary>Lowest BM25 score of the best guide.</summary>
    public double MinScore { get; init; } = 2.0;

    /// <summary>
    /// Between the two coverage bounds the answer is given only when the best guide stands clear of the runner-up
    /// by this share of its score.
    /// </summary>
    public double MinMarginWhenUnsure { get; init; } = 0.25;

    public double SureCoverage { get; init; } = 0.7;

    /// <summary>
    /// A long message that tells a story before it asks covers less of itself in any guide however well it is
    /// answered; it passes at this lower coverage when the best guide stands far clear of the rest.
    /// </summary>
    public double MinCoverageOfStory { get; init; } = 0.4;

    public double MinMarginOfStory { get; init; } = 0.5;

    public static AnswerGate Default { get; } = new();

    public bool Passes(double coverage, double score, double margin) =>
        score >= MinScore && coverage >= MinCoverage && (coverage >= SureCoverage || margin >= MinMarginWhenUnsure);

    public bool Passes(double coverage, double score, double margin, bool tellsAStory) =>
        Passes(coverage, score, margin)
        || (tellsAStory && score >= MinScore && coverage >= MinCoverageOfStory && margin >= MinMarginOfStory);
}
