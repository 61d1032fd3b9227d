using System.Text;
using Clearance.Bot.ClearanceStatus;

namespace Clearance.Bot.Tests.ClearanceStatus;

public sealed class StatusTranscriptTests(ClearanceApp app) : IClassFixture<ClearanceApp>
{
    [Fact]
    public async Task AnUnboundUserAskingForStatusIsGuidedToBind()
    {
        var reply = await app.User("unbound", "cqu").Says("我的离校进度");

        Assert.Equal("bind-required", reply.Intent);
        Assert.Contains("绑定", reply.Reply);
        Assert.DoesNotContain("图书馆", reply.Reply);
    }

    [Fact]
    public async Task BindingWithTheRosterAnswersShowsMixedStatusesWithWhereToGo()
    {
        var user = app.User("zhang", "cqu");

        Assert.Contains("学号", (await user.Says("绑定")).Reply);
        Assert.Contains("姓名", (await user.Says("20181234")).Reply);
        Assert.Contains("身份证", (await user.Says("张三")).Reply);
        Assert.Contains("绑定成功", (await user.Says("123456")).Reply);
        var status = await user.Says("离校办到哪了");

        Assert.Equal("status", status.Intent);
        Assert.Contains("✓ 导师", status.Reply);
        Assert.Contains("✓ 后勤集团学生公寓管理中心", status.Reply);
        Assert.Contains("✓ 国家助学贷款中心（无需办理）", status.Reply);
        Assert.Contains("× 图书馆：未还册数 2", status.Reply);
        Assert.Contains("× 财务处：2019 学分学费 550元；总计欠款 550元", status.Reply);
        Assert.Contains("65102608", status.Reply);
        Assert.Contains("地点：", status.Reply);
        Assert.True(Encoding.UTF8.GetByteCount(status.Reply) <= 2048);
    }

    [Fact]
    public async Task TheGatedOfficeIsExplainedWhileOthersAreOpen()
    {
        var user = app.User("zhang-gate", "cqu");
        await user.Binds("20181234", "张三", "123456");

        var status = await user.Says("进度");

        Assert.Contains("× 研究生院研工办", status.Reply);
        Assert.Contains("其他环节全部 ✓ 后才能办理", status.Reply);
    }

    [Fact]
    public async Task TheCampusPicksTheLocationFromTheGuide()
    {
        var user = app.User("all-open", "cqu");
        await user.Binds("20181299", "全未办", "999999");

        var status = await user.Says("我的离校进度");

        // 虎溪校区: the dormitory office's 虎溪 window, not the A区 one.
        Assert.Contains("虎溪校区学生服务中心Z106三号窗口", status.Reply);
        Assert.DoesNotContain("A区学生六公寓一楼", status.Reply);
        Assert.True(Encoding.UTF8.GetByteCount(status.Reply) <= 2048, $"{Encoding.UTF8.GetByteCount(status.Reply)} bytes");
    }

    [Fact]
    public async Task AStudentWhoLivedOffCampusHasNoDormitoryOfficeToVisit()
    {
        var user = app.User("off-campus", "cqu");
        await user.Binds("20181296", "走读生", "666666");

        var status = await user.Says("我的离校进度");

        Assert.True(status.Reply.Contains("✓ 后勤集团学生公寓管理中心（无需办理）") || Listed(status.Reply, "✓ 无需办理：", "后勤集团学生公寓管理中心"), status.Reply);
        Assert.DoesNotContain("退还寝室钥匙", status.Reply);
        Assert.Contains("× 图书馆", status.Reply);
    }

    [Fact]
    public async Task TheStatusStatesTheOrderingRule()
    {
        // 张三 has three offices open; with all twelve open (全未办) the rule gives way to each office's essentials.
        var user = app.User("ordering", "cqu");
        await user.Binds("20181234", "张三", "123456");

        var status = await user.Says("我的离校进度");

        Assert.Contains("\n顺序：各环节可并行办理（教务秘书须先有导师签字）；一卡通建议放在其他环节之后；研工办是最后环节", status.Reply);
    }

    [Fact]
    public async Task WrongDigitsGetAGenericFailureAndNoBinding()
    {
        var user = app.User("wrong-digits", "cqu");

        var reply = await user.Binds("20181234", "张三", "654321");

        Assert.Contains("学号、姓名或身份证后六位与学校名单不一致", reply.Reply);
        Assert.False(reply.Answered);
        Assert.Equal("bind-required", (await user.Says("我的离校进度")).Intent);
    }

    [Fact]
    public async Task AskingForAnotherStudentsIdIsRefused()
    {
        var user = app.User("nosy", "cqu");
        await user.Binds("20181234", "张三", "123456");

        var reply = await user.Says("查一下20181235的进度");

        Assert.Equal("status-refused", reply.Intent);
        Assert.DoesNotContain("李四", reply.Reply);
    }

    [Fact]
    public async Task CancelLeavesTheDialogAndUnbindRemovesTheBinding()
    {
        var user = app.User("cancel-unbind", "cqu");
        await user.Says("绑定");
        Assert.Contains("已取消", (await user.Says("取消")).Reply);

        await user.Binds("20181236", "王五", "345678");
        Assert.Contains("已解除", (await user.Says("解绑")).Reply);
        Assert.Equal("bind-required", (await user.Says("我的离校进度")).Intent);
    }

    [Fact]
    public async Task SubmissionNeedsEveryOfficeAndHappensOnce()
    {
        var blocked = app.User("cumt-blocked", "cumt");
        await blocked.Binds("2020010001", "陈一", "111111");
        var early = await blocked.Says("提交离校");
        Assert.Contains("还不能提交", early.Reply);
        Assert.Contains("图书馆", early.Reply);

        var ready = app.User("cumt-ready", "cumt");
        await ready.Binds("2020010002", "刘二", "222222");
        foreach (var office in new[] { "library", "archives", "finance" })
            (await app.Put("cumt", "2020010002", office, ClearanceApp.CumtAdmin, new { status = "passed" })).EnsureSuccessStatusCode();
        var status = await ready.Says("我的离校进度");
        Assert.Contains("总务部公寓与物业中心（无需办理）", status.Reply);
        Assert.Contains("提交离校", status.Reply);

        // On the web the irreversible step asks for the ID digits again: a wrong answer or anything else submits nothing.
        Assert.Contains("身份证号后六位", (await ready.Says("提交离校")).Reply);
        Assert.Contains("不一致，未提交", (await ready.Says("333333")).Reply);
        await ready.Says("提交离校");
        Assert.Contains("未提交离校", (await ready.Says("算了")).Reply);
        Assert.Contains("提交离校", (await ready.Says("我的离校进度")).Reply);
        await ready.Says("提交离校");
        Assert.Contains("已提交", (await ready.Says("222222")).Reply);
        Assert.Contains("只能提交一次", (await ready.Says("提交离校")).Reply);
        Assert.Contains("提交离校，无需再次提交", (await ready.Says("我的离校进度")).Reply);
    }

    [Fact]
    public async Task AStaffChangeShowsInTheNextAnswer()
    {
        var user = app.User("li", "cqu");
        await user.Binds("20181235", "李四", "234567");
        Assert.Contains("× 图书馆", (await user.Says("我的离校进度")).Reply);

        (await app.Put("cqu", "20181235", "library", ClearanceApp.CquAdmin, new { status = "passed" })).EnsureSuccessStatusCode();

        var after = await user.Says("我的离校进度");
        Assert.True(after.Reply.Contains("\n✓ 图书馆\n") || Listed(after.Reply, "✓ 已通过：", "图书馆"), after.Reply);
        Assert.Contains("× 国家助学贷款中心", after.Reply);
    }

    /// <summary>Whether a collapsed ✓ line (<c>✓ 已通过：导师、图书馆</c>) lists the office, when the one-per-line list did not fit.</summary>
    private static bool Listed(string reply, string label, string office) =>
        reply.Split('\n').Any(l => l.StartsWith(label, StringComparison.Ordinal) && l[label.Length..].Split('、').Contains(office));
}
