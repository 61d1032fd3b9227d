using System.Text.RegularExpressions;
using Clearance.Knowledge.Analysis;

namespace Clearance.Knowledge.Answers;

/// <summary>What kind of message a question is, before any guide is searched.</summary>
public enum QuestionScope
{
    /// <summary>A question for the guides (they may still not cover it).</summary>
    Guides,
    /// <summary>A greeting, thanks, goodbye or "你是谁/你能做什么": the bot introduces itself.</summary>
    Smalltalk,
    /// <summary>A question about another university's procedure.</summary>
    OtherSchool,
    /// <summary>A request that is not about clearance at all: writing, translating, chatting, general knowledge.</summary>
    OutOfDomain,
}

/// <summary>
/// The domain gate in front of retrieval. A word shared with the guides (毕业, 档案, 钱, 图书馆) is not enough to answer:
/// "帮我写一首毕业诗" shares 毕业 with the overview guide, and "北大的图书馆怎么还书" shares everything with this school's
/// library guide. Both are recognised by what the message asks, not by what the guides say.
/// </summary>
public static partial class DomainGate
{
    /// <summary>Classifies <paramref name="question"/> as asked of <paramref name="school"/>.</summary>
    /// <param name="schoolNames">The school's own name and aliases: naming them is never another school.</param>
    /// <param name="otherSchools">Other universities' names (the other loaded schools and <c>universities.txt</c>).</param>
    /// <param name="guideText">Whether a text occurs in this school's guides (a college the guides name is internal).</param>
    public static QuestionScope Classify(string question, IReadOnlyCollection<string> schoolNames, IReadOnlyCollection<string> otherSchools, Func<string, bool> guideText)
    {
        var text = QuestionAnalyzer.Compact(question);
        if (text.Length == 0) return QuestionScope.Smalltalk;
        if (NamesAnotherSchool(text, schoolNames, otherSchools, guideText)) return QuestionScope.OtherSchool;
        if (IsSmalltalk(text)) return QuestionScope.Smalltalk;
        if (OutOfDomainRequest().IsMatch(text)) return QuestionScope.OutOfDomain;
        return QuestionScope.Guides;
    }

    /// <summary>Whether the message is only greetings, thanks, goodbyes, acknowledgements or questions about the bot.</summary>
    public static bool IsSmalltalk(string compact)
    {
        var rest = SmalltalkPhrase().Replace(compact, " ");
        rest = SmalltalkFiller().Replace(rest, "");
        return rest.Length == 0;
    }

    /// <summary>Whether the message is about thanks or goodbye only, which get a short reply instead of the introduction.</summary>
    public static bool IsThanksOrBye(string question) => ThanksOrBye().IsMatch(QuestionAnalyzer.Compact(question));

    private static bool NamesAnotherSchool(string text, IReadOnlyCollection<string> own, IReadOnlyCollection<string> others, Func<string, bool> guideText)
    {
        // "我想问北京邮电大学…" reads as 问北京邮电大学: a name is ours when it ends with one of our names.
        bool IsOwn(string name) => own.Any(o => o.Length >= 2 && name.EndsWith(o, StringComparison.Ordinal));

        // Named outright: another loaded school, or a name from universities.txt.
        foreach (var name in others)
        {
            if (name.Length < 2 || IsOwn(name)) continue;
            var at = text.IndexOf(name, StringComparison.Ordinal);
            if (at < 0) continue;
            if (IsAscii(name) && !AsciiWordAt(text, at, name.Length)) continue;
            // The school's own full name holds it ("北京交通大学" holds "交大"): then it is not another school.
            if (own.Any(o => o.Length > name.Length && o.Contains(name, StringComparison.Ordinal) && text.Contains(o, StringComparison.Ordinal))) continue;
            // A word of the guides that holds the name ("北大厅" holds 北大) is ours; the name alone in the guides is not
            // enough, or "北大的学生证" would read as 教学楼B北大厅's.
            if (GuideWordHolds(text, at, name.Length, guideText)) continue;
            return true;
        }
        // "…大学" that is not this school, not a generic phrase and not something the guides themselves name.
        foreach (Match match in UniversityName().Matches(text))
        {
            var name = match.Value;
            var stem = match.Groups["stem"].Value;
            if (GenericUniversity().IsMatch(stem)) continue;
            if (IsOwn(name)) continue;
            if (guideText(name[Math.Max(0, name.Length - 6)..])) continue;
            return true;
        }
        return false;
    }

    private static bool GuideWordHolds(string text, int at, int length, Func<string, bool> guideText)
    {
        var before = at > 0 && !char.IsWhiteSpace(text[at - 1]) && guideText(text.Substring(at - 1, length + 1));
        var after = at + length < text.Length && !char.IsWhiteSpace(text[at + length]) && guideText(text.Substring(at, length + 1));
        return before || after;
    }

    private static bool IsAscii(string s) => s.All(char.IsAscii);

    private static bool AsciiWordAt(string text, int at, int length) =>
        (at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1])) && (at + length == text.Length || !char.IsAsciiLetterOrDigit(text[at + length]));

    /// <summary>"…大学" as a school's name; 大学生, 大学城, 大学英语 are not names.</summary>
    [GeneratedRegex(@"(?<stem>\p{IsCJKUnifiedIdeographs}{2,8}?)大学(?!生|城|英语|物理|数学|语文|体育|期间|时期|时光|四年|生活|里)")]
    private static partial Regex UniversityName();

    /// <summary>"大学" in a phrase that names no particular school: 别的大学, 国外大学, 我们大学, 大学生, 上大学.</summary>
    [GeneratedRegex(@"(别的|其他|其它|国外|外国|海外|境外|外校|外地|本|我们|咱们|你们|这所|那所|哪所|一所|该|合作|对方|所在|重点|综合|普通|开放|老年|社区|广播电视|网络|读|上|考|在|进)$")]
    private static partial Regex GenericUniversity();

    // Longer phrases first: the alternation takes the first that matches ("真人" would leave "还是ai" over).
    [GeneratedRegex(@"真人还是ai|真人还是机器人|ai还是真人|机器人还是真人|人工还是机器人|机器人还是人工|are you a bot|are you a robot|are you human|are you a real person|hello there|hi there|你好|您好|老师好|同学好|大家好|hello|hi|hey|嗨|哈喽|哈罗|在吗|在不在|有人吗|有人在吗|早上好|早安|上午好|中午好|下午好|晚上好|晚安|谢谢你|谢谢您|谢谢|多谢|感谢|谢啦|谢了|帮大忙了|帮了大忙|帮了我大忙|多亏你|多亏|thanks|thank you|thx|辛苦了|辛苦|麻烦了|打扰了|再见|拜拜|回头见|bye|好的|好吧|好滴|好嘞|okay|ok|嗯嗯|嗯|哦哦|哦|收到|明白了|明白|知道了|了解了|了解|懂了|你是谁|你是什么|你叫什么名字|你叫什么|你叫啥|你是机器人吗|你是机器人|你是真人吗|你是人吗|你是ai吗|你是ai|你能做什么|你能干什么|你能干嘛|你能干啥|能帮我干啥|能帮我做什么|能帮我干什么|能帮啥|帮我干啥|你可以做什么|你会做什么|你会什么|你会干嘛|能干嘛|能干啥|能干什么|能做什么|能做啥|会啥|会干嘛|会什么|有什么功能|有啥功能|是真人在回|是真人吗|真人|人工客服|人工|是机器人|问完了|没有了|没问题了|没事了|就这些|就这样|好了|行了|who are you|what can you do|what are you")]
    private static partial Regex SmalltalkPhrase();

    [GeneratedRegex(@"[\s\p{P}\p{S}]|啊|呀|吧|呢|哈|嘛|啦|哒|哇|呐|噢|喔|吗|了|的|呗|老师|同学|小助手|助手|机器人|你|您|我|是|请问|那个|到底|究竟|非常|十分|太|真|很|a lot|so much|very much|much", RegexOptions.IgnoreCase)]
    private static partial Regex SmalltalkFiller();

    [GeneratedRegex(@"谢|感谢|thank|thx|辛苦|再见|拜拜|bye|好的|好吧|好滴|好嘞|ok|收到|明白|知道了|了解|懂了|嗯|哦|问完了|没事了|没问题了|就这些")]
    private static partial Regex ThanksOrBye();

    /// <summary>
    /// Requests no guide answers, whatever words they share with one: writing (诗, 作文, 请假条), translating, chatting,
    /// the weather, jokes, recommendations.
    /// </summary>
    [GeneratedRegex(@"(帮我|帮忙|给我|替我|请|你)?(写|作|编|创作)(一|几)?(首|篇|段|个|份|封|句)?.{0,14}(诗|诗歌|绝句|律诗|五言|七言|作文|文章|散文|歌词|文案|祝福语?|小说|段子|对联|演讲稿|发言稿|请假条|检讨书?|感谢信|求职信|自荐信|推荐信|简历|个人陈述|毕业感言|赠言|朋友圈)|(帮我|替我|给我)(写|编|拟)[^，,。？?]{0,20}\d+\s*字|翻译(一下|成|为)|帮我翻译|translate|用英[文语]怎么说|英[文语]怎么说|天气|weather|下雨|气温|讲个?笑话|说个?笑话|tell me a joke|陪我聊|聊会天|聊聊天|聊天吧|唱(首|个)歌|推荐(一下|几)?.{0,6}(电影|书籍|小说|餐厅|美食|饭店|歌|游戏|旅游|景点)|股票|彩票|星座|算命|菜谱|做饭|怎么做菜|写代码|编程|作业答案|数学题")]
    private static partial Regex OutOfDomainRequest();
}
