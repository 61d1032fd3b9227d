using Clearance.Knowledge.Guides;

namespace Clearance.Knowledge.Answers;

/// <summary>
/// The knowledge base's answer to one question. <see cref="Text"/> fits one WeChat text message. When
/// <see cref="Answered"/> is false the text offers the school's general contact instead of a guess.
/// </summary>
public sealed record Answer
{
    public required bool Answered { get; init; }
    public required string Text { get; init; }
    public Guide? Guide { get; init; }
    public string? Section { get; init; }
    /// <summary>Retrieved passages, best first, for callers (the LLM path) that compose their own reply.</summary>
    public IReadOnlyList<Passage> Passages { get; init; } = [];
    public double Score { get; init; }
    public double Margin { get; init; }
    /// <summary>Why an unanswered question was declined: not for the guides at all, or they do not cover it.</summary>
    public QuestionScope Scope { get; init; } = QuestionScope.Guides;
}

/// <summary>A section of a guide that matched a question.</summary>
public sealed record Passage(Guide Guide, GuideSection Section, double Score);
