using Clearance.Integrations.Records;
using Clearance.Bot.Reminders;
using Clearance.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Clearance.Bot.Tests.Browser;

/// <summary>
/// The chat page and the staff console in a real Chromium against the real host on Kestrel: what a student and a
/// staff member see, not what the API returns.
/// </summary>
public sealed class WebChatBrowserTests(ITestOutputHelper output)
{
    private const string AdminKey = "browser-test-admin-key-cqu";
    private static readonly float Timeout = 30_000;

    [BrowserFact]
    public async Task StudentAsksAndFollowsUpThenStaffReloadsTheKnowledgeBase()
    {
        Assert.True(Chromium.ExecutablePath is not null,
            $"Chromium is required (CLEARANCE_REQUIRE_SERVICES=1) but not found at {Chromium.ConfiguredPath}: apt-get install -y chromium.");
        // A copy of the knowledge base, so the staff part can break a guide in it and reload.
        var knowledgeRoot = CopyKnowledgeBase();
        using var server = new BotApplication(new Dictionary<string, string?>
        {
            ["Clearance:StaffKeys:0:Key"] = AdminKey,
            ["Clearance:StaffKeys:0:School"] = "cqu",
            ["Clearance:StaffKeys:0:Office"] = "*",
            ["Knowledge:Root"] = knowledgeRoot,
            // Nothing sends the seeded delivery below: it only has to show in the console.
            ["Reminders:Server"] = "false",
        });
        var baseAddress = server.StartOnLoopback();
        // Load the guides before the clock starts: the first load builds every school's index.
        Assert.NotEmpty(server.Services.GetRequiredService<KnowledgeBase>().Current.Schools);
        Assertions.SetDefaultExpectTimeout(Timeout);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Args,
            Timeout = Timeout,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
            DeviceScaleFactor = 1,
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(Timeout);
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add($"{message.Text} ({message.Location})"); };
        page.PageError += (_, error) => consoleErrors.Add(error);

        // The student: pick the school, ask, follow up, rate the answer.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#school option[value=cqu]")).ToHaveCountAsync(1);
        await page.Locator("#school").SelectOptionAsync("cqu");
        await Assertions.Expect(page.Locator(".msg.bot").Last).ToContainTextAsync("重庆大学");

        // First, something the guides do not cover (asked before any topic, so it is not taken as a follow-up).
        await Ask(page, "火星基地的签证怎么办");
        await Assertions.Expect(page.Locator(".msg.bot[data-intent=fallback]")).ToHaveCountAsync(1);

        await Ask(page, "研究生教育服务中心在哪");
        var answers = page.Locator(".msg.bot[data-intent=knowledge]");
        await Assertions.Expect(answers).ToHaveCountAsync(1);
        var first = answers.Nth(0);
        await Assertions.Expect(first.Locator(".card")).ToBeVisibleAsync();
        await Assertions.Expect(first.Locator(".card")).ToContainTextAsync("研究生");
        await Assertions.Expect(first.Locator(".sources .source").First).ToContainTextAsync("研究生教育服务中心");

        await Ask(page, "电话多少");
        await Assertions.Expect(answers).ToHaveCountAsync(2);
        await Assertions.Expect(answers.Nth(1)).ToContainTextAsync("65112081");
        // The follow-up names where its answer comes from too: the same guide as the question it follows.
        await Assertions.Expect(answers.Nth(1).Locator(".sources .source").First).ToContainTextAsync("研究生教育服务中心");

        // The first chip is one of the school's own example questions: it asks its text and gets that question's answer.
        var exampleChip = page.Locator("#menu .chip").First;
        var example = (await exampleChip.TextContentAsync())!;
        Assert.Equal("导师确认书在哪下载", example);
        await exampleChip.ClickAsync();
        await Assertions.Expect(page.Locator(".bubble.typing")).ToHaveCountAsync(0);
        await Assertions.Expect(answers).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".msg.user").Last).ToContainTextAsync(example);
        await Assertions.Expect(answers.Nth(2).Locator(".sources .source").First).ToContainTextAsync("导师");
        // The menu's chips come from the server, and reach the dialog the WeChat menu click reaches.
        await page.Locator("#menu .chip", new PageLocatorOptions { HasText = "联系我们" }).ClickAsync();
        await Assertions.Expect(page.Locator(".msg.bot[data-intent=contact]")).ToContainTextAsync("023-65111635");

        await first.Locator(".fb-up").ClickAsync();
        await Assertions.Expect(first.Locator(".fb-up")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(first.Locator(".thanks")).ToHaveTextAsync("谢谢反馈");

        // The answer card reads on a phone: nothing wider than the 375 px screen.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a 375 px phone screen");
        await SaveScreenshot(page, "chat.png", updatesDocs: true);

        // One reminder delivery for the console's table.
        await server.Services.GetRequiredService<ReminderStore>().InsertPlannedAsync(
            "cqu", [new DeliveryKey(ReminderKinds.WindowClosing, "20181234", new DateOnly(2026, 6, 28))],
            DateTimeOffset.UtcNow.AddDays(30), CancellationToken.None);

        // The staff member: key, dashboard, the vote, the missed question and the delivery; reload.
        var console = await context.NewPageAsync();
        console.PageError += (_, error) => consoleErrors.Add(error);
        await console.GotoAsync("/console");
        await console.Locator("#key").FillAsync(AdminKey);
        await console.Locator("#login button[type=submit]").ClickAsync();
        await Assertions.Expect(console.Locator("#dashboard")).ToBeVisibleAsync();
        await Assertions.Expect(console.Locator("#who")).ToContainTextAsync("管理员");
        await Assertions.Expect(console.Locator("#feedback-table tbody")).ToContainTextAsync("cqu/");
        await Assertions.Expect(console.Locator("#questions-table tbody")).ToContainTextAsync("火星基地的签证怎么办");
        var delivery = console.Locator("#deliveries-table tbody tr", new PageLocatorOptions { HasText = ReminderKinds.WindowClosing });
        await Assertions.Expect(delivery).ToHaveCountAsync(1);
        await Assertions.Expect(delivery).ToContainTextAsync("2026-06-28");
        await Assertions.Expect(delivery).ToContainTextAsync("planned");
        await Assertions.Expect(delivery).ToContainTextAsync("2018**34");
        await Assertions.Expect(delivery).Not.ToContainTextAsync("20181234");

        // A guide broken after start: the reload reports it by file and line, and everything else still loads.
        await File.WriteAllTextAsync(Path.Combine(knowledgeRoot, "cqu", "broken-guide.md"), BrokenGuide);

        await console.Locator("#reload").ClickAsync();
        await Assertions.Expect(console.Locator("#reload-status")).ToContainTextAsync("已重新加载");
        await Assertions.Expect(console.Locator("#reload-status")).ToContainTextAsync("5 所学校");
        await Assertions.Expect(console.Locator("#reload-status")).ToContainTextAsync("1 个错误");
        await Assertions.Expect(console.Locator("#load-errors li")).ToHaveCountAsync(1);
        await Assertions.Expect(console.Locator("#load-errors li code")).ToHaveTextAsync(BrokenGuideError);
        var cquRow = console.Locator("#schools-table tbody tr", new PageLocatorOptions { HasText = "重庆大学" });
        await Assertions.Expect(cquRow).ToHaveCountAsync(1);
        var guides = int.Parse(await cquRow.Locator("td").Nth(1).InnerTextAsync());
        Assert.True(guides > 10, $"cqu loaded only {guides} guides");
        Assert.Equal("1", await cquRow.Locator("td").Nth(2).InnerTextAsync());
        await SaveScreenshot(console, "console.png", updatesDocs: false);

        // The page kept answering after the reload, without a refresh.
        await Ask(page, "退宿去哪里办");
        await Assertions.Expect(answers).ToHaveCountAsync(4);

        Assert.Empty(consoleErrors);
        Directory.Delete(Path.GetDirectoryName(knowledgeRoot)!, recursive: true);
    }

    /// <summary>Its id belongs to another school: an error on line 2 of the file.</summary>
    private const string BrokenGuide = "---\nid: bjtu/broken-guide\ntitle: 坏掉的指南\n---\n## 地点\n某处\n";
    private static readonly string BrokenGuideError = Path.Combine("knowledge-base", "cqu", "broken-guide.md") + ":2";

    /// <summary>The test output's knowledge base copied to a temporary folder named <c>knowledge-base</c>.</summary>
    private static string CopyKnowledgeBase()
    {
        var source = new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "knowledge-base"));
        var target = Path.Combine(Directory.CreateTempSubdirectory("clearance-browser-kb-").FullName, "knowledge-base");
        foreach (var file in source.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source.FullName, file.FullName));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            file.CopyTo(copy);
        }
        return target;
    }

    private static async Task Ask(IPage page, string question)
    {
        await page.Locator("#text").FillAsync(question);
        await page.Locator("#text").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".bubble.typing")).ToHaveCountAsync(0);
    }

    private async Task SaveScreenshot(IPage page, string name, bool updatesDocs)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"screenshot: {path}");
        if (updatesDocs && Environment.GetEnvironmentVariable("UPDATE_SCREENSHOT") == "1" && RepositoryRoot() is { } root)
        {
            var docs = Path.Combine(root, "docs", "screenshot.png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(path, docs, overwrite: true);
            output.WriteLine($"screenshot: {docs}");
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clearance.Bot.sln"))) return dir.FullName;
        }
        return null;
    }
}
