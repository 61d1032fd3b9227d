using Clearance.Bot.Reminders;

namespace Clearance.Bot.Llm;

/// <summary>
/// One model turn, scoped to it: the bound student the features' plugins act for (no function takes a student id, so
/// the model can only reach the asking student's own data), and what those functions changed ("已订阅还贷提醒") so the
/// student is told whichever answer is sent. <see cref="GroundedAnswerComposer"/> opens a scope per turn, sets the
/// student, then resolves the plugins the features contributed as <c>KernelPlugin</c> services.
/// </summary>
public sealed class ModelTurn
{
    private readonly List<string> _changes = [];
    private ReminderSubscriber? _student;

    public ReminderSubscriber Student => _student ?? throw new InvalidOperationException("the model turn has no student: a plugin was resolved before the composer set it");

    public void Begin(ReminderSubscriber student) => _student = student;

    public static ModelTurn For(ReminderSubscriber student)
    {
        var turn = new ModelTurn();
        turn.Begin(student);
        return turn;
    }

    public void Record(string change)
    {
        // Locked: an abandoned model call (over budget) may still be finishing a function on another thread.
        lock (_changes) _changes.Add(change);
    }

    public IReadOnlyList<string> Changes
    {
        get
        {
            lock (_changes) return [.. _changes];
        }
    }
}
