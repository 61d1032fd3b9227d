using System.Text;
using Clearance.Bot.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Clearance.Knowledge.Schools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>The status text alone, over the shipped knowledge base: what survives when it must be cut to one message.</summary>
public sealed class StatusReplyTests
{
    private static readonly Lazy<KnowledgeBase> Shipped = new(() =>
        new KnowledgeBase(Options.Create(new KnowledgeOptions()), NullLogger<KnowledgeBase>.Instance));

    [Fact]
    public void TheOrderingRuleSurvivesWhenAdviceIsDroppedToFitOneMessage()
    {
        var cqu = Shipped.Value.Current.School("cqu")!;
        var student = new Student { School = "cqu", StudentId = "20189000", Name = "全欠", IdLast6Hash = "-", Campus = "虎溪校区", HasLoan = true, OnCampus = true };
        // Every office open, each with a long note and fields: far more than 2048 bytes before trimming.
        var offices = cqu.Profile.Clearance.Offices.Select(o => new OfficeStatus
        {
            School = "cqu",
            StudentId = student.StudentId,
            OfficeId = o.Id,
            State = OfficeState.Pending,
            Note = new string('请', 60),
            Details = new OfficeDetails { Fields = new(StringComparer.Ordinal) { ["未还册数"] = "3", ["说明"] = "材料不全，须补交" } },
        }).ToList();
        var progress = ClearanceProgress.For(cqu.Profile, new ClearanceRecord(student, offices, null));

        var reply = StatusReply.Compose(progress, cqu);

        Assert.True(Encoding.UTF8.GetByteCount(reply) <= StatusReply.MaxBytes, $"{Encoding.UTF8.GetByteCount(reply)} bytes");
        Assert.Contains("\n顺序：" + cqu.Profile.Clearance.OrderingSummary + "\n", reply);
        // Trimming did happen: not every office kept its advice line.
        Assert.True(reply.Split('\n').Count(l => l.StartsWith("  办理：", StringComparison.Ordinal)) < offices.Count - 1);
        Assert.Contains("× 研究生院研工办", reply);
    }

    [Fact]
    public void WithoutASummaryTheRulesFirstClauseIsShown()
    {
        var clearance = new ClearanceProcess { OrderingRule = "四个事项可同时办理；全部通过后才能提交。" };

        Assert.Equal("顺序：四个事项可同时办理", StatusReply.OrderingLine(clearance));
        Assert.Null(StatusReply.OrderingLine(new ClearanceProcess()));
    }
}
