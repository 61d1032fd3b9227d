using Clearance.Integrations.Records;

namespace Clearance.Integrations.Tests.Records;

/// <summary>What staff see of a student's question in the missed-question log: the question, not who asked it.</summary>
public sealed class QuestionTextTests
{
    [Theory]
    // Issue 17's example, as the console showed it.
    [InlineData("我叫周四 身份证尾号44444X 手机138-1234-5678", "我叫＊ 身份证尾号＊ 手机＊")]
    // ID-card tails and whole ID numbers ending in X, either case.
    [InlineData("身份证后六位12345x绑定失败", "身份证后六位＊绑定失败")]
    [InlineData("身份证号50010219990101444X", "身份证号＊")]
    // Phone numbers with separators: mobile with hyphens or spaces, a landline with its area code.
    [InlineData("电话138 1234 5678怎么没人接", "电话＊怎么没人接")]
    [InlineData("打023-65111635没人接", "打＊没人接")]
    [InlineData("手机号13812345678", "手机号＊")]
    // Student ids: long digit runs, with a letter prefix, or short ones after 学号.
    [InlineData("20181234的档案去哪了", "＊的档案去哪了")]
    [InlineData("MG20330123查不到进度", "＊查不到进度")]
    [InlineData("学号 S1234 绑定不了", "学号 ＊ 绑定不了")]
    [InlineData("学号：2018-123为什么查不到", "学号：＊为什么查不到")]
    public void PersonalDataIsMasked(string question, string expected) => Assert.Equal(expected, QuestionText.Mask(question));

    [Theory]
    [InlineData("2024-06-30前要办完吗")]
    [InlineData("A区105室几点开门")]
    [InlineData("学号是什么")]
    [InlineData("欠费550元怎么交")]
    [InlineData("退宿去哪里办")]
    public void AnOrdinaryQuestionIsKeptAsAsked(string question) => Assert.Equal(question, QuestionText.Mask(question));
}
