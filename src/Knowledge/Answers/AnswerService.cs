namespace Clearance.Knowledge.Answers;

/// <summary>Answers a question from a school's guides.</summary>
public sealed class AnswerService(KnowledgeBase knowledge)
{
    /// <param name="previousGuideId">The guide the user's previous answer came from, for follow-ups.</param>
    public Answer Ask(string school, string question, string? previousGuideId = null)
    {
        var schoolKnowledge = knowledge.Current.School(school)
            ?? throw new ArgumentException($"unknown school '{school}'", nameof(school));
        var contact = schoolKnowledge.Profile.Contact;
        return new Answer
        {
            Answered = false,
            Text = $"这个问题我暂时答不上来。请联系{contact.Office}：{string.Join("、", contact.Phone)}",
        };
    }
}
