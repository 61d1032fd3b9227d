using Clearance.Knowledge.Answers;
using Clearance.Knowledge.Authoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Knowledge.Tests.Authoring;

/// <summary>A knowledge base in a temporary folder, written by the test, for the authoring tools.</summary>
public sealed class TempKnowledgeBase : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("kb-auth-").FullName;

    public const string SchoolYml = """
        id: demo
        name: 示例大学
        timeZone: Asia/Shanghai
        contact:
          office: 学工办
          phone: ["023-65100000"]
        clearance:
          offices:
            - id: library
              name: 图书馆
              guide: demo/library
        calendar:
          - kind: clearance-window-open
            date: "06-20"
            seedYear: 2019
            title: 离校手续开始办理
        """;

    public TempKnowledgeBase Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public static string Guide(string slug, string title, string front, string body) =>
        $"---\nid: demo/{slug}\ntitle: {title}\n{front}\nsource: test.txt\n---\n{body}\n";

    public KnowledgeBase Knowledge() => new(Options.Create(new KnowledgeOptions { Root = Root }), NullLogger<KnowledgeBase>.Instance);

    public IReadOnlyList<LintFinding> Lint(int year = 2026)
    {
        var knowledge = Knowledge();
        return GuideLint.Check(knowledge.Current.School("demo")!, year, new AnswerService(knowledge) { CacheAnswers = false });
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
