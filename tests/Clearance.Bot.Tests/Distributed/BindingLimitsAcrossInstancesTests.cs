using System.Net.Http.Json;
using System.Text.Json;
using Clearance.Bot.Conversation;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// The binding limits hold across instances: two hosts on one Redis (under a prefix of their own, removed afterwards)
/// count the same account, the same student id and show staff the same list. The id is not on either roster, so each
/// host keeps its own SQLite file and no roster is needed: such an id is counted like a real one.
/// </summary>
public sealed class BindingLimitsAcrossInstancesTests
{
    private const string AdminKey = "cqu-admin-key-dist1";
    private const string Ghost = "20189999";

    [ServiceFact(Needs.Redis)]
    public async Task AccountsAndStudentIdsAreCountedOnceForAllInstances()
    {
        var prefix = $"test:{Guid.NewGuid():N}:";
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = TestServices.Redis,
            ["Redis:KeyPrefix"] = prefix,
            ["Clearance:StaffKeys:0:Key"] = AdminKey,
            ["Clearance:StaffKeys:0:School"] = "cqu",
            ["Clearance:StaffKeys:0:Office"] = "*",
        };
        try
        {
            using var a = new BotApplication(settings);
            using var b = new BotApplication(settings);

            // One account: three checks on A, two on B, and then it has none left on either.
            for (var i = 0; i < 3; i++) Assert.Contains("绑定失败", (await Binds(a, "o-roaming", $"00000{i}")).Text);
            Assert.Contains("还可尝试 1 次", (await Binds(b, "o-roaming", "000003")).Text);
            Assert.Equal("bind-locked", (await Binds(b, "o-roaming", "000004")).Intent.Name);
            Assert.Equal("bind-locked", (await Say(a, "o-roaming", "绑定")).Intent.Name);

            // Fourteen more accounts, two checks each on A: with o-roaming's five, thirty-three checks at the id.
            for (var account = 0; account < 14; account++)
            {
                for (var guess = 0; guess < 2; guess++) await Binds(a, $"o-guess-{account}", $"1{account:00}{guess:000}");
            }
            // On B, an account that checked before is refused at the id; one that never did still gets its check.
            await Say(b, "o-guess-0", "绑定");
            Assert.Equal("bind-locked", (await Say(b, "o-guess-0", Ghost)).Intent.Name);
            Assert.Contains("绑定失败", (await Binds(b, "o-fresh", "999999")).Text);

            using var staff = b.CreateStaffClient(AdminKey);
            var view = await staff.GetFromJsonAsync<JsonElement>("/api/console/cqu/binding");
            var item = view.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("studentId").GetString() == Ghost);
            Assert.Equal(16, item.GetProperty("accounts").GetInt32());
            Assert.Equal(1, item.GetProperty("lockedAccounts").GetInt32());
            Assert.True(item.GetProperty("dailyBudgetSpent").GetBoolean());
        }
        finally
        {
            await RemoveKeysAsync(prefix);
        }
    }

    private static async Task<Reply> Say(BotApplication host, string openid, string text) =>
        await host.Services.GetRequiredService<ConversationPipeline>().RunAsync(new Activity
        {
            Channel = Channel.Mp, Account = "demo", School = "cqu", UserId = openid, Text = text, Timestamp = DateTimeOffset.UtcNow,
        }, CancellationToken.None);

    private static async Task<Reply> Binds(BotApplication host, string openid, string digits)
    {
        foreach (var text in new[] { "绑定", Ghost, "某某" })
        {
            var step = await Say(host, openid, text);
            if (step.Intent.Name != "bind") return step;
        }
        return await Say(host, openid, digits);
    }

    /// <summary>The counters live 30 days; the shared Redis is not left holding this test's.</summary>
    private static async Task RemoveKeysAsync(string prefix)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var server = redis.GetServers().First();
        var db = redis.GetDatabase();
        await foreach (var key in server.KeysAsync(pattern: prefix + "*")) await db.KeyDeleteAsync(key);
    }
}
