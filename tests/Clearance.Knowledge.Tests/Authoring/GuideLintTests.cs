using Clearance.Knowledge.Authoring;

namespace Clearance.Knowledge.Tests.Authoring;

public sealed class GuideLintTests : IDisposable
{
    private readonly TempKnowledgeBase _kb = new();

    public void Dispose() => _kb.Dispose();

    private const string Library = "department: library\noffice: 图书馆\nwhere: 图书馆一楼总服务台\nphone: [\"023-65102345\"]\nhours: 周一至周五 8:30-17:00\nkeywords: [还书, 借书]\nquestions: [图书馆还书怎么办理]";

    private TempKnowledgeBase WithLibrary() => _kb
        .Write("demo/school.yml", TempKnowledgeBase.SchoolYml)
        .Write("demo/library.md", TempKnowledgeBase.Guide("library", "图书馆还书", Library, "## 流程\n把借阅的图书还到图书馆一楼总服务台，系统自动通过。\n"));

    private static IEnumerable<LintFinding> Of(IEnumerable<LintFinding> findings, string check) => findings.Where(f => f.Check == check);

    [Fact]
    public void AWellFormedGuideHasNoFindings()
    {
        WithLibrary();

        Assert.Empty(_kb.Lint());
    }

    [Fact]
    public void OneOfficeWithPhonesThatShareNothingAcrossGuidesIsReported()
    {
        WithLibrary().Write("demo/fines.md", TempKnowledgeBase.Guide("fines", "图书超期罚款",
            "office: 图书馆\nphone: [\"65109999\"]\nkeywords: [罚款]\nquestions: [图书超期罚款交多少]", "## 费用\n超期每册每天0.1元罚款。\n"));

        var finding = Assert.Single(Of(_kb.Lint(), LintChecks.OfficePhones));
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains("65109999", finding.Message);
        Assert.Contains("65102345", finding.Message);
    }

    [Fact]
    public void TheSamePhoneWithAndWithoutAreaCodeIsNoConflict()
    {
        WithLibrary().Write("demo/fines.md", TempKnowledgeBase.Guide("fines", "图书超期罚款",
            "office: 图书馆\nphone: [\"65102345\"]\nkeywords: [罚款]\nquestions: [图书超期罚款交多少]", "## 费用\n超期每册每天0.1元罚款。\n"));

        Assert.Empty(Of(_kb.Lint(), LintChecks.OfficePhones));
    }

    [Fact]
    public void AGuideWithNoPhonePlaceOrHoursIsAnError()
    {
        WithLibrary().Write("demo/nowhere.md", TempKnowledgeBase.Guide("nowhere", "学位证书领取",
            "keywords: [学位证]\nquestions: [学位证书什么时候领取]", "## 流程\n学位证书由学院统一领取后发放给学生。\n"));

        var finding = Assert.Single(Of(_kb.Lint(), LintChecks.Unreachable));
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Equal("nowhere.md", finding.File);
    }

    [Fact]
    public void ADateFromAnEarlierYearIsReportedUntilTheGuideIsConfirmedForThisYear()
    {
        WithLibrary().Write("demo/window.md", TempKnowledgeBase.Guide("window", "离校办理时间",
            "office: 学工办\nphone: [\"65100000\"]\nquestions: [离校手续什么时候办]", "## 时间\n2019年6月20日至6月28日集中办理离校手续。\n"));

        var finding = Assert.Single(Of(_kb.Lint(2026), LintChecks.PastYear));
        Assert.Contains("line 10", finding.Message);
        Assert.Contains("2019", finding.Message);

        _kb.Write("demo/window.md", TempKnowledgeBase.Guide("window", "离校办理时间",
            "office: 学工办\nphone: [\"65100000\"]\nconfirmed: 2026\nquestions: [离校手续什么时候办]", "## 时间\n2019年6月20日至6月28日集中办理离校手续。\n"));
        Assert.Empty(Of(_kb.Lint(2026), LintChecks.PastYear));
    }

    [Fact]
    public void AGuideWhoseOwnQuestionIsNotAnsweredFromItIsReported()
    {
        WithLibrary().Write("demo/card.md", TempKnowledgeBase.Guide("card", "校园卡注销",
            "office: 一卡通中心\nphone: [\"65108888\"]\nkeywords: [一卡通]\nquestions: [图书馆还书怎么办理]", "## 流程\n校园卡在一卡通中心注销，余额退回银行卡。\n"));

        var all = _kb.Lint();
        Assert.True(Of(all, LintChecks.QuestionMiss).Count() == 1, string.Join("\n", all));
        var finding = Of(all, LintChecks.QuestionMiss).Single();
        Assert.Equal("card.md", finding.File);
        Assert.Contains("answered from library.md", finding.Message);
    }

    [Fact]
    public void TwoGuidesThatAnswerAQuestionEquallyAreReported()
    {
        WithLibrary()
            .Write("demo/card-a.md", TempKnowledgeBase.Guide("card-a", "校园卡注销",
                "office: 一卡通中心\nphone: [\"65108888\"]\nkeywords: [一卡通]\nquestions: [校园卡怎么注销]", "## 流程\n校园卡在一卡通中心注销，余额退回银行卡。\n"))
            .Write("demo/card-b.md", TempKnowledgeBase.Guide("card-b", "校园卡注销",
                "office: 一卡通中心\nphone: [\"65108888\"]\nkeywords: [一卡通]\nquestions: [校园卡怎么注销]", "## 流程\n校园卡在一卡通中心注销，余额退回银行卡。\n"));

        var findings = Of(_kb.Lint(), LintChecks.Ambiguous).ToList();
        Assert.NotEmpty(findings);
        Assert.Contains(findings, f => f.Message.Contains("card-a.md") || f.Message.Contains("card-b.md"));
    }

    [Fact]
    public void AnOfficeNamingAMissingGuideAndAGuideNamingAMissingOfficeAreErrors()
    {
        _kb.Write("demo/school.yml", TempKnowledgeBase.SchoolYml)
            .Write("demo/books.md", TempKnowledgeBase.Guide("books", "图书馆还书",
                Library.Replace("department: library", "department: libary"), "## 流程\n把借阅的图书还到图书馆一楼总服务台。\n"));

        var findings = Of(_kb.Lint(), LintChecks.BrokenLink).ToList();
        Assert.All(findings, f => Assert.Equal(LintSeverity.Error, f.Severity));
        Assert.Contains(findings, f => f.File == "school.yml" && f.Message.Contains("demo/library"));
        Assert.Contains(findings, f => f.File == "books.md" && f.Message.Contains("libary"));
    }

    [Fact]
    public void ADraftIsNotServedAndIsListedWithWhatToReview()
    {
        WithLibrary().Write("demo/card.md", "---\nid: demo/card\ntitle: 校园卡注销\ndraft: true\nphone: [\"65108888\"]\nreview:\n  - \"phone 65107777 (line 4) is attached to no office\"\n---\n## 流程\n校园卡注销。\n");

        var school = _kb.Knowledge().Current.School("demo")!;
        Assert.DoesNotContain(school.Guides, g => g.Id == "demo/card");
        var draft = Assert.Single(school.Drafts);

        var findings = Of(_kb.Lint(), LintChecks.Draft).ToList();
        Assert.Contains(findings, f => f.Message.Contains("65107777"));
        Assert.Contains(findings, f => f.Message.Contains("draft: true"));
    }

    [Fact]
    public void TheShippedKnowledgeBaseHasNoLintErrors()
    {
        var knowledge = RealKnowledgeBase.Knowledge;
        var findings = new KnowledgeLint(knowledge, new Answers.AnswerService(knowledge)).Run();

        Assert.DoesNotContain(findings, f => f.Severity == LintSeverity.Error);
    }
}
