using System.Collections.Concurrent;

namespace Clearance.Knowledge.Answers;

/// <summary>
/// A bounded map from (snapshot, school, question, previous guide) to the answer. A reload brings a new snapshot, so
/// old answers simply stop matching; when the map is full it is cleared rather than tracked per entry, which keeps
/// the hot path to one dictionary lookup.
/// </summary>
internal sealed class AnswerCache(int capacity)
{
    private ConcurrentDictionary<Key, Answer> _answers = new();

    public readonly record struct Key(KnowledgeSnapshot Snapshot, string School, string Question, string? PreviousGuideId, string? PreviousQuestion = null);

    public bool TryGet(Key key, out Answer answer) => _answers.TryGetValue(key, out answer!);

    public void Add(Key key, Answer answer)
    {
        if (key.Question.Length > 200) return; // long texts are rarely asked twice
        var answers = _answers;
        if (answers.Count >= capacity)
        {
            Interlocked.CompareExchange(ref _answers, new ConcurrentDictionary<Key, Answer>(), answers);
            answers = _answers;
        }
        answers.TryAdd(key, answer);
    }
}
