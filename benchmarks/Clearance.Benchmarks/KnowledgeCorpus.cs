using Clearance.Knowledge;
using Clearance.Knowledge.Analysis;
using Clearance.Knowledge.Guides;
using Clearance.Knowledge.Schools;
using Clearance.Knowledge.Search;

namespace Clearance.Benchmarks;

/// <summary>The real knowledge base and a synthetic one of any size made by recombining real guides.</summary>
public static class KnowledgeCorpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "knowledge-base");

    public static KnowledgeSnapshot LoadSeeds() => KnowledgeLoader.Load(Root);

    /// <summary>
    /// <paramref name="count"/> guides for one synthetic school: each takes a real guide's front matter and mixes in
    /// sections of two other guides, so term statistics look like the real corpus at a larger size.
    /// </summary>
    public static (SchoolProfile Profile, List<Guide> Guides) Synthetic(int count, int seed = 42)
    {
        var real = LoadSeeds().Schools.Values.SelectMany(s => s.Guides).ToList();
        var random = new Random(seed);
        var guides = new List<Guide>(count);
        for (var i = 0; i < count; i++)
        {
            var basis = real[i % real.Count];
            var other = real[random.Next(real.Count)];
            var third = real[random.Next(real.Count)];
            guides.Add(new Guide
            {
                Id = $"synthetic/g{i:00000}",
                School = "synthetic",
                Title = basis.Title + (i >= real.Count ? $"（{other.Office}）" : ""),
                Office = basis.Office,
                Where = basis.Where,
                Window = basis.Window,
                Phone = basis.Phone,
                Hours = basis.Hours,
                Keywords = [.. basis.Keywords, .. other.Keywords.Take(2)],
                Questions = basis.Questions,
                Source = basis.Source,
                FilePath = basis.FilePath,
                Sections = [.. basis.Sections, .. other.Sections.Take(1), .. third.Sections.Skip(1).Take(1)],
            });
        }
        var profile = new SchoolProfile { Id = "synthetic", Name = "合成大学", Aliases = ["合成大学"] };
        return (profile, guides);
    }

    /// <summary>
    /// Writes the synthetic school as guide files beside copies of the shared vocabulary, so the full loader, index
    /// and answer path run on it exactly as on a real school.
    /// </summary>
    public static string WriteSyntheticKnowledgeBase(int count)
    {
        var root = Directory.CreateTempSubdirectory("clearance-kb-").FullName;
        foreach (var file in new[] { "synonyms.txt", "dictionary.txt", "stopwords.txt", "homophones.txt" })
            File.Copy(Path.Combine(Root, file), Path.Combine(root, file));
        var folder = Directory.CreateDirectory(Path.Combine(root, "synthetic")).FullName;
        File.WriteAllText(Path.Combine(folder, "school.yml"), "id: synthetic\nname: 合成大学\ntimeZone: Asia/Shanghai\ncontact:\n  office: 学生服务中心\n  phone: [\"12345678\"]\n");
        // Single-quoted YAML scalars: nothing is an escape there but a doubled quote.
        static string Quote(string? value) => "'" + (value ?? "").Replace("'", "''") + "'";
        static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";
        foreach (var guide in Synthetic(count).Guides)
        {
            var text = new System.Text.StringBuilder()
                .Append("---\n")
                .Append("id: ").Append(guide.Id).Append('\n')
                .Append("title: ").Append(Quote(guide.Title)).Append('\n')
                .Append("office: ").Append(Quote(guide.Office)).Append('\n')
                .Append("where: ").Append(Quote(guide.Where)).Append('\n')
                .Append("phone: ").Append(List(guide.Phone)).Append('\n')
                .Append("keywords: ").Append(List(guide.Keywords)).Append('\n')
                .Append("questions: ").Append(List(guide.Questions)).Append('\n')
                .Append("---\n");
            foreach (var section in guide.Sections) text.Append("## ").Append(section.Heading).Append('\n').Append(section.Text).Append("\n\n");
            File.WriteAllText(Path.Combine(folder, guide.Id.Split('/')[1] + ".md"), text.ToString());
        }
        return root;
    }

    public static GuideIndex BuildIndex(SchoolProfile profile, IReadOnlyList<Guide> guides) =>
        GuideIndex.Build(profile, guides, KnowledgeVocabulary.Load(Root));

    /// <summary>Questions in the style students type, for latency runs (not the evaluation sets).</summary>
    public static readonly string[] Questions =
    [
        "退宿去哪里办", "一卡通余额怎么退", "图书馆电话多少", "学生证丢了怎么注销", "研工办在哪", "论文提交网址是什么",
        "助学贷款还款协议去哪签", "校医院欠费怎么交", "补办校园卡多少钱", "离校系统打叉什么意思", "导师确认书交给谁",
        "校园网密码忘了", "车证一年多少钱", "毕业证什么时候发", "财务处电话", "宿舍钥匙交到哪", "食堂哪个好吃",
        "档案馆论文状态为空怎么办", "一卡同在哪结算", "户口卡怎么借",
    ];
}
