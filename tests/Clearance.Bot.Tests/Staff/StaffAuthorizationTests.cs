using System.Net;
using System.Text.Json;
using Clearance.Bot.Staff;
using Clearance.Bot.Tests.ClearanceStatus;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Staff;

/// <summary>The staff key scheme and its policies, declared on the route groups instead of checked in each handler.</summary>
public sealed class StaffAuthorizationTests(ClearanceApp app) : IClassFixture<ClearanceApp>
{
    [Fact]
    public void EveryStaffRouteDeclaresAStaffPolicy()
    {
        var staffRoutes = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route
                        && (route.StartsWith("/api/clearance", StringComparison.Ordinal) || route.StartsWith("/api/console", StringComparison.Ordinal)
                            || route.StartsWith("/api/reminders", StringComparison.Ordinal) || route.StartsWith("/hangfire", StringComparison.Ordinal))
                        // The web page's own reminder inbox is the student's, not staff's (embedded demo mode only).
                        && route != "/api/reminders/inbox"
                        // The dashboard's login form is how a browser gets a session; it is what anonymous means.
                        && route != DashboardLogin.LoginPath && route != DashboardLogin.LogoutPath)
            .ToList();

        Assert.NotEmpty(staffRoutes);
        Assert.All(staffRoutes, e => Assert.Contains(
            e.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            a => a.Policy is StaffPolicies.Staff or StaffPolicies.SchoolAdmin or StaffPolicies.Operator));
    }

    [Fact]
    public async Task AnOfficeKeyOnAnotherOfficeIsRefusedWithTheReason()
    {
        var response = await app.Put("cqu", "20181236", "library", ClearanceApp.CquFinance, new { status = "passed" });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Wrong office", problem.GetProperty("title").GetString());
        Assert.Equal("This key may change only office 'finance'.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnUnknownKeyIsChallengedWithTheHeaderToSend()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clearance/cqu/20181236");
        request.Headers.Add(StaffKeyAuthenticationHandler.HeaderName, "not-a-configured-key");

        var response = await app.Client.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("API key required", problem.GetProperty("title").GetString());
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnOfficeKeyCannotImportTheRosterAndIsToldWhy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/clearance/cqu/students")
        {
            Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(StaffKeyAuthenticationHandler.HeaderName, ClearanceApp.CquFinance);

        var response = await app.Client.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Administrator key required", problem.GetProperty("title").GetString());
    }

    [Fact]
    public void TheCurrentStaffMemberCarriesTheKeysSchoolOfficeAndLabel()
    {
        var staff = new CurrentStaff { Principal = StaffClaims.Principal(StaffKeyAuthenticationHandler.SchemeName, "cqu", "finance", "cqu-finance") };

        Assert.Equal("cqu", staff.School);
        Assert.Equal("finance", staff.Office);
        Assert.Equal("cqu-finance", staff.Label);
        Assert.False(staff.IsAdministrator);
        Assert.False(staff.IsOperator);
        Assert.True(staff.IsOf("cqu"));
        Assert.False(staff.IsOf("cumt"));
    }

    [Fact]
    public void WithoutAnAuthenticatedPrincipalReadingTheCurrentStaffIsABug() =>
        Assert.Throws<InvalidOperationException>(() => new CurrentStaff().Label);
}
