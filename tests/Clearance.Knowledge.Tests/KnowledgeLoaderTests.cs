namespace Clearance.Knowledge.Tests;

public sealed class KnowledgeLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kb-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private const string School = "id: demo\nname: 示例大学\ntimeZone: Asia/Shanghai\ncontact:\n  office: 学工办\n  phone: [\"12345678\"]\n";

    private const string GoodGuide = "---\nid: demo/library\ntitle: 图书馆还书\noffice: 图书馆\nwhere: 图书馆一楼\nphone: [\"87654321\"]\nkeywords: [还书]\nquestions: [书怎么还]\nsource: seed.txt\n---\n## 流程\n把书还到一楼。\n## 费用\n超期每天0.1元。\n";

    [Fact]
    public void AllRealSchoolsLoadWithoutErrors()
    {
        var snapshot = RealKnowledgeBase.Snapshot;

        Assert.Empty(snapshot.Errors);
        Assert.Equal(["bjtu", "buct", "bupt", "cqu", "cumt"], snapshot.Schools.Keys.Order());
        Assert.All(snapshot.Schools.Values, s => Assert.NotEmpty(s.Guides));
    }

    [Fact]
    public void EveryOfficeGuideReferenceInSchoolYmlNamesALoadedGuide()
    {
        foreach (var school in RealKnowledgeBase.Snapshot.Schools.Values)
        {
            foreach (var office in school.Profile.Clearance.Offices.Where(o => o.Guide is not null))
                Assert.True(school.FindGuide(office.Guide) is not null, $"{school.Profile.Id}/{office.Id} → {office.Guide}");
        }
    }

    [Fact]
    public void GuideSplitsIntoSectionsWithFrontMatter()
    {
        Write("demo/school.yml", School);
        Write("demo/library.md", GoodGuide);

        var guide = Assert.Single(KnowledgeLoader.Load(_root).School("demo")!.Guides);

        Assert.Equal("图书馆还书", guide.Title);
        Assert.Equal(["87654321"], guide.Phone);
        Assert.Equal(["流程", "费用"], guide.Sections.Select(s => s.Heading));
        Assert.Equal("超期每天0.1元。", guide.Sections[1].Text);
    }

    [Fact]
    public void MalformedGuideIsReportedWithFileAndLineAndTheRestStillLoads()
    {
        Write("demo/school.yml", School);
        Write("demo/library.md", GoodGuide);
        Write("demo/broken.md", "---\nid: demo/broken\ntitle: 坏文件\nphone: [\"1\"\nkeywords: []\n---\n正文\n");

        var snapshot = KnowledgeLoader.Load(_root);

        var error = Assert.Single(snapshot.Errors);
        Assert.Equal(Path.Combine(Path.GetFileName(_root), "demo", "broken.md"), error.File);
        Assert.InRange(error.Line, 4, 6);
        Assert.Single(snapshot.School("demo")!.Guides);
    }

    [Theory]
    [InlineData("no front matter\n", 1)]
    [InlineData("---\nid: demo/x\ntitle: 没有结束\n", 1)]
    [InlineData("---\nid: other/x\ntitle: 别的学校\n---\n", 2)]
    [InlineData("---\nid: demo/x\n---\n正文\n", 2)]
    public void GuideWithoutRequiredStructureNamesTheLine(string content, int line)
    {
        Write("demo/school.yml", School);
        Write("demo/x.md", content);

        var error = Assert.Single(KnowledgeLoader.Load(_root).Errors);

        Assert.EndsWith("x.md", error.File);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void BrokenSchoolFileSkipsThatSchoolOnly()
    {
        Write("demo/school.yml", "id: demo\nname: [不是文本\n");
        Write("demo/library.md", GoodGuide);
        Write("other/school.yml", "id: other\nname: 另一所\n");
        Write("other/a.md", GoodGuide.Replace("demo/library", "other/a"));

        var snapshot = KnowledgeLoader.Load(_root);

        Assert.Null(snapshot.School("demo"));
        Assert.NotNull(snapshot.School("other"));
        Assert.EndsWith("school.yml", Assert.Single(snapshot.Errors).File);
    }

    [Fact]
    public void OnReloadABrokenSchoolFileKeepsThatSchoolsPreviousVersionAndReportsFileAndLine()
    {
        Write("demo/school.yml", School);
        Write("demo/library.md", GoodGuide);
        Write("other/school.yml", "id: other\nname: 另一所\n");
        Write("other/a.md", GoodGuide.Replace("demo/library", "other/a"));
        var knowledge = new KnowledgeBase(
            Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions { Root = _root }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<KnowledgeBase>.Instance);
        var before = knowledge.Current.School("demo");
        Assert.NotNull(before);

        Write("demo/school.yml", School + "name: [不是文本\n");
        Write("other/b.md", GoodGuide.Replace("demo/library", "other/b"));
        var reloaded = knowledge.Reload();

        // demo answers exactly as before (same profile, guides and index); the other school picked up its edit.
        Assert.Same(before, reloaded.School("demo"));
        Assert.Equal("示例大学", reloaded.School("demo")!.Profile.Name);
        Assert.Equal(2, reloaded.School("other")!.Guides.Count);
        var error = Assert.Single(reloaded.Errors);
        Assert.Equal(Path.Combine(Path.GetFileName(_root), "demo", "school.yml"), error.File);
        Assert.True(error.Line >= 7, $"line {error.Line}");
        Assert.Contains("previously loaded version of demo stays in use", error.Message);
        Assert.Same(reloaded, knowledge.Current);
    }

    [Fact]
    public void AFirstLoadWithABrokenSchoolFileHasNoPreviousVersionToKeep()
    {
        Write("demo/school.yml", School + "name: [不是文本\n");

        var snapshot = KnowledgeLoader.Load(_root, previous: null);

        Assert.Null(snapshot.School("demo"));
        Assert.DoesNotContain("stays in use", Assert.Single(snapshot.Errors).Message);
    }
}
