using System.Text;
using System.Text.Json;
using Clearance.Knowledge.Answers;

namespace Clearance.Knowledge.Tests;

/// <summary>The shipped ranker file format: trees evaluate as FastTree lays them out, and a wrong file is refused.</summary>
public sealed class GuideRankerTests
{
    private static string Names => JsonSerializer.Serialize(CandidateFeatures.Names);

    private static GuideRanker Load(string features, string trees, double bias = 0.5, double threshold = 1.0) =>
        GuideRanker.Load(new MemoryStream(Encoding.UTF8.GetBytes(
            $$"""{"features":{{features}},"bias":{{bias}},"threshold":{{threshold}},"trees":{{trees}},"trainedOn":["a","b"]}""")));

    [Fact]
    public void TreesAreWalkedToTheirLeavesAndWeighted()
    {
        // Node 0 splits on coverage (feature 4) at 0.5; its right child, node 1, splits on rank (feature 0) at 0.5.
        var ranker = Load(Names, """[{"weight":2,"splits":[4,0],"thresholds":[0.5,0.5],"left":[-1,-2],"right":[1,-3],"leaves":[-1.0,3.0,1.0]}]""");
        var features = new float[CandidateFeatures.Count];

        features[4] = 0.4f;
        Assert.Equal(0.5 + 2 * -1.0, ranker.Score(features), 6);
        features[4] = 0.9f;
        features[0] = 0;
        Assert.Equal(0.5 + 2 * 3.0, ranker.Score(features), 6);
        features[0] = 3;
        Assert.Equal(0.5 + 2 * 1.0, ranker.Score(features), 6);
        Assert.Equal(1.0, ranker.Threshold);
        Assert.Equal(["a", "b"], ranker.TrainedOn);
    }

    [Fact]
    public void AFileTrainedOnOtherFeaturesIsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load("""["rank","coverage"]""", "[]"));

        Assert.Contains("train it again", error.Message);
    }

    [Theory]
    [InlineData("""[{"weight":1,"splits":[0],"thresholds":[0.5],"left":[0],"right":[-2],"leaves":[1,2]}]""")]
    [InlineData("""[{"weight":1,"splits":[99],"thresholds":[0.5],"left":[-1],"right":[-2],"leaves":[1,2]}]""")]
    [InlineData("""[{"weight":1,"splits":[0],"thresholds":[0.5],"left":[-1],"right":[-2],"leaves":[1]}]""")]
    public void ATreeThatCouldLoopOrReadPastItsArraysIsRefused(string trees) =>
        Assert.Throws<InvalidDataException>(() => Load(Names, trees));

    [Fact]
    public void CandidatesCarryOneValueForEveryFeature()
    {
        var service = new AnswerService(RealKnowledgeBase.Knowledge) { CacheAnswers = false };

        var candidates = service.Candidates("buct", "校园卡丢了去哪补办");

        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Equal(CandidateFeatures.Count, c.Candidate.Features.Length));
        Assert.Equal(Enumerable.Range(0, candidates.Count).Select(i => (float)i), candidates.Select(c => c.Candidate.Features[0]));
        Assert.Empty(service.Candidates("buct", "你好"));
    }
}
