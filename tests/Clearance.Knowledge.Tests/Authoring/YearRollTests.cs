using Clearance.Knowledge.Authoring;
using Clearance.Knowledge.Schools;

namespace Clearance.Knowledge.Tests.Authoring;

public sealed class YearRollTests : IDisposable
{
    private readonly TempKnowledgeBase _kb = new();

    public void Dispose() => _kb.Dispose();

    private const string Overridden = TempKnowledgeBase.SchoolYml + "\n    years: {2027: {date: \"06-24\"}}\n";

    private SchoolKnowledge Load() => _kb.Knowledge().Current.School("demo")!;

    private void WriteGuides()
    {
        _kb.Write("demo/school.yml", Overridden)
            .Write("demo/library.md", TempKnowledgeBase.Guide("library", "图书馆还书",
                "department: library\noffice: 图书馆\nphone: [\"65102345\"]\nconfirmed: 2019", "## 时间\n2019年6月20日前还清图书。\n## 费用\n超期每天0.1元。\n"))
            .Write("demo/card.md", TempKnowledgeBase.Guide("card", "校园卡注销",
                "office: 一卡通中心\nphone: [\"65108888\"]", "## 时间\n6月28日起停用校园卡。\n"))
            .Write("demo/contacts.md", TempKnowledgeBase.Guide("contacts", "联系电话", "phone: [\"65100000\"]", "## 联系方式\n学工办 65100000\n"));
    }

    [Fact]
    public void ACalendarEntryTakesItsYearsOverrideAndTheMonthDayRuleOtherwise()
    {
        var profile = SchoolProfileParser.Parse("demo", Overridden);
        var entry = Assert.Single(profile.Calendar);

        Assert.Equal(new DateOnly(2027, 6, 24), entry.DateIn(2027));
        Assert.Equal(new DateOnly(2028, 6, 20), entry.DateIn(2028));
    }

    [Fact]
    public void AnOverrideThatIsNotAMonthDayIsALoadError()
    {
        var e = Assert.Throws<Guides.GuideFormatException>(() => SchoolProfileParser.Parse("demo", TempKnowledgeBase.SchoolYml + "\n    years: {2027: {date: \"6月24日\"}}\n"));
        Assert.Contains("not MM-DD", e.Message);
    }

    [Fact]
    public void TheChecklistListsEveryCalendarEntryAndEveryDatedStatementWithItsLine()
    {
        WriteGuides();

        var checklist = YearRoll.Checklist(Load(), 2027);

        Assert.Contains("[ ] calendar clearance-window-open: 离校手续开始办理 — 2027-06-24 (this year's override)", checklist);
        Assert.Contains("[ ] library.md:11: 2019年6月20日 — 2019年6月20日前还清图书。", checklist);
        Assert.Contains("[ ] card.md:9: 6月28日 — 6月28日起停用校园卡。", checklist);
        Assert.Contains("## library.md (图书馆还书), confirmed 2019", checklist);
        Assert.DoesNotContain("contacts.md", checklist);
    }

    [Fact]
    public void ConfirmMarksOnlyTheGuidesWhoseItemsAreAllTicked()
    {
        WriteGuides();
        var checklist = YearRoll.Checklist(Load(), 2027).Replace("[ ] library.md", "[x] library.md");

        var result = YearRoll.Confirm(Load(), 2027, checklist);

        Assert.Equal(["library.md"], result.Confirmed);
        Assert.Contains(result.Open, o => o.StartsWith("card.md:9"));
        Assert.Contains(result.Open, o => o.StartsWith("calendar clearance-window-open"));
        var school = Load();
        Assert.Equal(2027, school.FindGuide("demo/library")!.Confirmed);
        Assert.Null(school.FindGuide("demo/card")!.Confirmed);
        Assert.DoesNotContain(GuideLint.Check(school, 2027), f => f.Check == LintChecks.PastYear && f.File == "library.md");
    }

    [Fact]
    public void ConfirmedIsAddedAfterTheTitleWhenTheGuideHadNone()
    {
        var marked = YearRoll.WithConfirmed("---\nid: demo/card\ntitle: 校园卡注销\nphone: [\"1\"]\n---\n## 时间\n6月28日\n", 2027);

        Assert.Equal("---\nid: demo/card\ntitle: 校园卡注销\nconfirmed: 2027\nphone: [\"1\"]\n---\n## 时间\n6月28日\n", marked);
    }
}
