using System.Net;
using Clearance.Bot.Reminders;
using Clearance.Bot.Staff;
using Clearance.Bot.Tests.Reminders;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clearance.Bot.Tests.Staff;

/// <summary>The job dashboard's browser session (issue 17 item 5): how it starts, what its cookie is, when it ends, what it refuses.</summary>
public sealed class DashboardSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AKeyInTheUrlOpensNothingAndIsRedirectedAway()
    {
        await using var host = await ReminderTestHost.StartAsync(Now);
        var client = DashboardBrowser.Create(host.Factory);

        var response = await client.GetAsync("/hangfire/recurring?key=" + ReminderTestHost.OperatorKey + "&page=2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hangfire/recurring?page=2", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        // Following it without a session lands on the login form, not the dashboard.
        var followed = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Equal(DashboardLogin.LoginPath, followed.Headers.Location?.OriginalString);
        var form = await client.GetAsync(DashboardLogin.LoginPath);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("method=\"post\"", await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSessionCookieIsAlwaysSecureHttpOnlyAndStrictAndHoldsNoKey()
    {
        await using var host = await ReminderTestHost.StartAsync(Now);
        var client = DashboardBrowser.Create(host.Factory);

        // The test server is plain http, like the service behind a TLS proxy that does not forward the scheme.
        using var login = await DashboardBrowser.PostLoginAsync(client, ReminderTestHost.AdminKey);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(RemindersFeature.DashboardPath, login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardSessions.CookieName + "=", StringComparison.Ordinal));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/hangfire", attributes);
        Assert.DoesNotContain(ReminderTestHost.AdminKey, cookie);
        Assert.Equal(HttpStatusCode.OK, (await DashboardBrowser.GetAsync(client, "/hangfire", cookie)).StatusCode);
    }

    [Theory]
    [InlineData(ReminderTestHost.OfficeKey, HttpStatusCode.Unauthorized)]
    [InlineData("no-such-staff-key", HttpStatusCode.Unauthorized)]
    [InlineData("", HttpStatusCode.BadRequest)]
    public async Task AKeyThatMayNotOpenTheDashboardGetsTheFormBackWithAReasonAndNoCookie(string key, HttpStatusCode status)
    {
        await using var host = await ReminderTestHost.StartAsync(Now);
        var client = DashboardBrowser.Create(host.Factory);

        using var login = await DashboardBrowser.PostLoginAsync(client, key);

        Assert.Equal(status, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
        var page = await login.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", page);
        Assert.Contains("name=\"key\"", page);
    }

    [Fact]
    public async Task ARemovedKeyEndsItsSessionsOnTheNextRequest()
    {
        await using var host = await ReminderTestHost.StartAsync(Now);
        var client = DashboardBrowser.Create(host.Factory);
        var session = await DashboardBrowser.LogInAsync(client, ReminderTestHost.AdminKey);
        Assert.NotNull(session);
        Assert.Equal(HttpStatusCode.OK, (await DashboardBrowser.GetAsync(client, "/hangfire", session)).StatusCode);

        // The school replaces its administrator's key (configuration reloaded; a restart reads it the same way).
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["Clearance:StaffKeys:0:Key"] = "cqu-admin-key-rotated";
        configuration.Reload();

        var after = await DashboardBrowser.GetAsync(client, "/hangfire", session);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(DashboardLogin.LoginPath, after.Headers.Location?.OriginalString);
        // The browser is told to drop the cookie.
        Assert.Contains(after.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardSessions.CookieName + "=;", StringComparison.Ordinal));
        // Putting the key back does not revive the session: it was ended, not suspended.
        configuration["Clearance:StaffKeys:0:Key"] = ReminderTestHost.AdminKey;
        configuration.Reload();
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardBrowser.GetAsync(client, "/hangfire", session)).StatusCode);
    }

    [Fact]
    public async Task AKeyDemotedToOneOfficeEndsItsSessions()
    {
        await using var host = await ReminderTestHost.StartAsync(Now);
        var client = DashboardBrowser.Create(host.Factory);
        var session = await DashboardBrowser.LogInAsync(client, ReminderTestHost.AdminKey);
        Assert.NotNull(session);

        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["Clearance:StaffKeys:0:Office"] = "library";
        configuration.Reload();

        Assert.Equal(HttpStatusCode.Redirect, (await DashboardBrowser.GetAsync(client, "/hangfire", session)).StatusCode);
    }

    [Fact]
    public async Task ACrossSitePostWithTheOperatorsCookieIsRefusedAndASameSiteOneRuns()
    {
        await using var host = await ReminderTestHost.StartAsync(Now);
        var jobId = ReminderJobs.RecurringId("bjtu");
        host.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ReminderJobs>(
            jobId, j => j.PlanAndDispatchAsync("bjtu", CancellationToken.None), Cron.Yearly());
        var client = DashboardBrowser.Create(host.Factory);
        var session = await DashboardBrowser.LogInAsync(client, ReminderTestHost.OperatorKey);
        Assert.NotNull(session);
        async Task<HttpStatusCode> Trigger(params (string Name, string Value)[] headers)
        {
            using var request = DashboardBrowser.WithSession(new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
            {
                Content = new FormUrlEncodedContent([new("jobs[]", jobId)]),
            }, session);
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await Trigger(("Origin", "https://evil.example")));
        Assert.Equal(HttpStatusCode.Forbidden, await Trigger(("Origin", "null")));
        Assert.Equal(HttpStatusCode.Forbidden, await Trigger(("Origin", DashboardBrowser.Origin), ("Sec-Fetch-Site", "cross-site")));
        Assert.Equal(HttpStatusCode.Forbidden, await Trigger(("Referer", "https://evil.example/page")));
        Assert.Equal(HttpStatusCode.Forbidden, await Trigger());
        Assert.Empty(EnqueuedFor(host));

        Assert.Equal(HttpStatusCode.NoContent, await Trigger(("Origin", DashboardBrowser.Origin), ("Sec-Fetch-Site", "same-origin")));
        Assert.NotEmpty(EnqueuedFor(host));
    }

    [Fact]
    public async Task ASchoolAdministratorsSameSitePostToTheDashboardIsRefused()
    {
        // The dashboard is read-only below the operator: hiding the buttons is not enough, the write itself must fail.
        await using var host = await ReminderTestHost.StartAsync(Now);
        var jobId = ReminderJobs.RecurringId("cqu");
        host.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ReminderJobs>(
            jobId, j => j.PlanAndDispatchAsync("cqu", CancellationToken.None), Cron.Yearly());
        var client = DashboardBrowser.Create(host.Factory);
        var session = await DashboardBrowser.LogInAsync(client, ReminderTestHost.AdminKey);
        Assert.NotNull(session);
        Assert.Equal(HttpStatusCode.OK, (await DashboardBrowser.GetAsync(client, "/hangfire/recurring", session)).StatusCode);

        using var request = DashboardBrowser.WithSession(new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", jobId)]),
        }, session);
        request.Headers.TryAddWithoutValidation("Origin", DashboardBrowser.Origin);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(EnqueuedFor(host));
    }

    [Fact]
    public async Task ALoginFormPostedFromAnotherSiteIsRefused()
    {
        await using var host = await ReminderTestHost.StartAsync(Now);
        var client = DashboardBrowser.Create(host.Factory);

        using var login = await DashboardBrowser.PostLoginAsync(client, ReminderTestHost.AdminKey, origin: "https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task InDevelopmentARequestFromThisMachineIsNotAnOperator()
    {
        // Behind a proxy on the same host every request comes from loopback; the old shortcut made each one the operator.
        using var host = new BotApplication(new Dictionary<string, string?>
        {
            ["environment"] = "Development",
            ["Clearance:StaffKeys:0:Key"] = ReminderTestHost.OperatorKey,
            ["Clearance:StaffKeys:0:School"] = "*",
            ["Clearance:StaffKeys:0:Office"] = "*",
        });
        var address = host.StartOnLoopback();
        Assert.True(host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment());
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };

        var dashboard = await client.GetAsync("/hangfire/recurring");

        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Equal(DashboardLogin.LoginPath, dashboard.Headers.Location?.OriginalString);
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger") { Content = new FormUrlEncodedContent([new("jobs[]", "x")]) };
        trigger.Headers.Add("Origin", address.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(trigger)).StatusCode);
    }

    private static List<string> EnqueuedFor(ReminderTestHost host) =>
        [.. JobStorage(host).GetMonitoringApi().EnqueuedJobs("default", 0, 100).Select(j => j.Key)];

    private static Hangfire.JobStorage JobStorage(ReminderTestHost host) => host.Services.GetRequiredService<Hangfire.JobStorage>();
}
