using Clearance.Knowledge.Authoring;

namespace Clearance.Knowledge.Tests.Authoring;

public sealed class DocumentImportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kb-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Fixture(string extension)
    {
        var path = Path.Combine(_dir, "notice" + extension);
        switch (extension)
        {
            case ".docx": ImportFixtures.Docx(path); break;
            case ".pdf": ImportFixtures.Pdf(path); break;
            case ".html": File.WriteAllText(path, ImportFixtures.Html()); break;
            default: File.WriteAllText(path, ImportFixtures.Text()); break;
        }
        return path;
    }

    [Theory]
    [InlineData(".docx")]
    [InlineData(".pdf")]
    [InlineData(".html")]
    [InlineData(".txt")]
    [InlineData(".md")]
    public void EveryFormatReadsTheNoticesLinesAndHeadings(string extension)
    {
        var lines = SourceDocument.Read(Fixture(extension));

        Assert.Equal(ImportFixtures.Notice.Select(l => l.Text), lines.Select(l => l.Text));
        if (extension is ".docx" or ".html")
            Assert.Equal(ImportFixtures.Notice.Select(l => l.Level == 0 ? (int?)null : l.Level), lines.Select(l => l.HeadingLevel));
    }

    [Theory]
    [InlineData(".docx")]
    [InlineData(".pdf")]
    [InlineData(".html")]
    [InlineData(".txt")]
    public void EachServiceBecomesADraftWithItsFactsInFrontMatter(string extension)
    {
        var drafts = DocumentImporter.Plan(SourceDocument.Read(Fixture(extension)));

        Assert.Equal(["还书流程", "图书遗失赔偿", "校园卡注销"], drafts.Select(d => d.Title));
        var books = drafts[0];
        Assert.Equal(["023-65102345"], books.Phones);
        Assert.Equal("A101室", books.Room);
        Assert.Equal("周一至周五 8:30-17:00", books.Hours);
        Assert.Equal(["2026年6月20日"], books.Dates);
        Assert.Equal("示例大学图书馆", books.Office);
        var fines = drafts[1];
        Assert.Equal(["10元"], fines.Fees);
        Assert.Contains(fines.Review, r => r.Contains("a date without a year: 6月28日"));
        var card = drafts[2];
        Assert.Equal("一卡通中心", card.Office);
        Assert.Equal("2号窗口", card.Window);
        Assert.Equal(["65108888"], card.Phones);
        Assert.Contains(card.Sections, s => s.Heading == "材料" && s.Lines.Contains("学生证、校园卡。"));
    }

    [Fact]
    public void EveryExtractedValueIsTracedToTheLineThatStatesIt()
    {
        var lines = SourceDocument.Read(Fixture(".txt"));
        var byLine = lines.ToDictionary(l => l.Line, l => l.Text);

        foreach (var draft in DocumentImporter.Plan(lines))
        {
            Assert.NotEmpty(draft.Trace);
            Assert.All(draft.Trace, t => Assert.Contains(t.Kind == "phone" ? t.Value[^8..] : t.Value, byLine[t.Line]));
        }
    }

    [Fact]
    public void APhoneUnderNoOfficeIsLeftForReview()
    {
        var lines = SourceDocument.Markdown("# 离校须知\n## 咨询\n有问题请拨打 023-65100000。\n").ToList();

        var draft = Assert.Single(DocumentImporter.Plan(lines));

        Assert.Null(draft.Office);
        Assert.Contains(draft.Review, r => r.Contains("023-65100000") && r.Contains("attached to no office"));
    }

    [Fact]
    public void ImportWritesDraftsThatLoadButAreNotServedAndDraftsSchoolYml()
    {
        var folder = Path.Combine(_dir, "kb", "demo");

        var page = Path.Combine(_dir, "service-page.html");
        File.Move(Fixture(".html"), page);

        var report = KnowledgeImport.Run(folder, "demo", [Fixture(".docx"), page]);

        Assert.Equal(6, report.Written.Count);
        Assert.NotNull(report.SchoolFile);
        var school = KnowledgeLoader.Load(Path.Combine(_dir, "kb"));
        Assert.Empty(school.Errors);
        var demo = school.School("demo")!;
        Assert.Empty(demo.Guides);
        Assert.Equal(6, demo.Drafts.Count);
        Assert.Equal("示例大学", demo.Profile.Name);
        Assert.Contains(demo.Profile.Clearance.Offices, o => o.Name == "一卡通中心" && o.Id == "campus-card" && o.Phone.SequenceEqual(["65108888"]));
        Assert.Contains(demo.Profile.Calendar, c => c.Date == "06-20" && c.SeedYear == 2026);
        var draft = demo.Drafts.First(d => d.Title == "校园卡注销");
        Assert.Equal("notice.docx", draft.Source);
        Assert.Contains(DraftReview.Items(draft), i => i.Contains("keywords"));
    }

    [Fact]
    public void AReviewedGuideIsNeverOverwrittenByASecondImport()
    {
        var folder = Path.Combine(_dir, "kb", "demo");
        var first = KnowledgeImport.Run(folder, "demo", [Fixture(".txt")]);
        var reviewed = first.Written[0];
        File.WriteAllText(reviewed, File.ReadAllText(reviewed).Replace("draft: true\n", ""));

        var second = KnowledgeImport.Run(folder, "demo", [Fixture(".txt")]);

        Assert.Equal([reviewed], second.Kept);
        Assert.DoesNotContain("draft: true", File.ReadAllText(reviewed));
    }
}
