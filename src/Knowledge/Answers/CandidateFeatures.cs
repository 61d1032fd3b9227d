namespace Clearance.Knowledge.Answers;

/// <summary>
/// What the ranker sees of one candidate guide for one question: how the hand ranking placed it, how much of the
/// question it covers (in its text, its title, its own example questions), whether it states the fact asked, and what
/// kind of question it is. The names are written into the trained file and checked when it is loaded, so a change
/// here makes the shipped ranker refuse to load until it is trained again.
/// </summary>
public static class CandidateFeatures
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "rank",
        "scoreShareOfBest",
        "logScore",
        "logBm25",
        "coverage",
        "coverageLeadOverOthers",
        "bestCoverage",
        "margin",
        "titleCoverage",
        "questionsCoverage",
        "heaviestMissingShare",
        "topicWeight",
        "topicWords",
        "tellsAStory",
        "factAsked",
        "statesFactAsked",
        "canAnswerFacets",
        "isWindowDirectory",
        "sameServicePointAsBest",
        "questionLength",
        "isEnglish",
        "corrections",
        "facetCount",
        "handGatePasses",
        "hits",
    ];

    public static int Count => Names.Count;
}

/// <summary>A candidate guide for a question with its features, in the hand ranking's order.</summary>
public sealed record RankedCandidate(Guides.Guide Guide, float[] Features);

/// <summary>A candidate with the answer the question would get if that guide were chosen.</summary>
public sealed record CandidateAnswer(RankedCandidate Candidate, Answer Answer);
