using System.ComponentModel;
using Clearance.Bot.Llm;
using Clearance.Integrations.ClearanceStatus;
using Clearance.Knowledge;
using Microsoft.SemanticKernel;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// The status lookup as a model-callable function, contributed by the clearance feature. It is built per model turn
/// for the turn's bound student (<see cref="ModelTurn"/>), and its function takes no student id: the model cannot ask
/// for anyone else, whatever the question says.
/// Delegates to the same provider and formatting as <see cref="StatusDialog"/>, without the student's name and id: the
/// model phrases the progress, it has no use for who the student is.
/// </summary>
public sealed class ClearanceStatusPlugin(IClearanceStatusProvider provider, KnowledgeBase knowledge, ModelTurn turn)
{
    public const string PluginName = "ClearanceStatus";

    [KernelFunction("GetMyClearanceStatus")]
    [Description("查询当前提问学生本人的离校办理进度：各部门是否已通过（✓/×）、未通过的原因、去哪里办。只能查询本人。")]
    public async Task<string> GetMyClearanceStatusAsync(CancellationToken cancellationToken)
    {
        var (school, studentId) = (turn.Student.School, turn.Student.StudentId);
        var schoolKnowledge = knowledge.Current.School(school);
        if (schoolKnowledge is null || schoolKnowledge.Profile.Clearance.Offices.Count == 0)
            return "本校的离校进度暂未接入。";
        var lookup = await provider.LookupAsync(school, studentId, cancellationToken);
        return lookup.Outcome switch
        {
            LookupOutcome.Found => StatusReply.Compose(ClearanceProgress.For(schoolKnowledge.Profile, lookup.Record!), schoolKnowledge, identify: false),
            LookupOutcome.NotFound => "学校离校名单中没有该学生的记录，请联系学院核对。",
            _ => StatusReply.Unavailable(schoolKnowledge.Profile),
        };
    }
}
