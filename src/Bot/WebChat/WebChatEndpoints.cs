using Clearance.Bot.ClientLimits;
using Clearance.Bot.Conversation;
using Clearance.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;

namespace Clearance.Bot.WebChat;

/// <summary>
/// The web chat page (<c>GET /</c>) and the staff console page (<c>GET /console</c>): plain static files from
/// wwwroot, no front-end build step. <c>GET /api/schools</c> fills the page's school selector from the knowledge base.
/// </summary>
public static class WebChatEndpoints
{
    /// <summary>The pages load only their own scripts and styles and talk only to this host; server text is never HTML.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IHostApplicationBuilder AddWebChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SchoolExamples>();
        return builder;
    }

    public static WebApplication MapWebChat(this WebApplication app)
    {
        // Minimal hosting routes first: the static-file middleware serves only requests no endpoint claimed.
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = SecureStaticResponse });
        app.MapGet("/api/schools", GetSchools).WithName("GetSchools").RequirePerClientLimit();
        app.MapGet("/console", GetConsolePage).WithName("StaffConsolePage").ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Schools in the seed order (bupt, buct, bjtu, cumt, cqu), as the selector lists them, each with its menu's
    /// CLICK item names for the page's chips: the same menu its WeChat students see, and sent back as text,
    /// <see cref="ChatMenu"/> turns them into the same clicks. Before them the page shows the school's example
    /// questions, which come from its own guides (<see cref="SchoolExamples"/>).
    /// </summary>
    public static Ok<IReadOnlyList<SchoolItem>> GetSchools(KnowledgeBase knowledge, ChatMenu menu, SchoolExamples examples)
    {
        var snapshot = knowledge.Current;
        return TypedResults.Ok<IReadOnlyList<SchoolItem>>([..
            snapshot.Schools.Values
                .OrderBy(s => s.Profile.Source ?? "~", StringComparer.Ordinal)
                .ThenBy(s => s.Profile.Id, StringComparer.Ordinal)
                .Select(s => new SchoolItem(
                    s.Profile.Id,
                    s.Profile.Name,
                    [.. menu.Clicks(s.Profile.Id).Select(b => b.Name)],
                    examples.For(snapshot, s.Profile.Id)))]);
    }

    public static Results<FileStreamHttpResult, NotFound> GetConsolePage(HttpContext context, IWebHostEnvironment environment)
    {
        var file = environment.WebRootFileProvider.GetFileInfo("console.html");
        if (!file.Exists) return TypedResults.NotFound();
        AddSecurityHeaders(context.Response);
        return TypedResults.Stream(file.CreateReadStream(), "text/html; charset=utf-8");
    }

    private static void SecureStaticResponse(StaticFileResponseContext context)
    {
        if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
            AddSecurityHeaders(context.Context.Response);
        // Pages change with deployments; revalidating is cheap (ETag) and avoids a stale app.js against a new API.
        context.Context.Response.Headers.CacheControl = "no-cache";
    }

    private static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}

public sealed record SchoolItem(string Id, string Name, IReadOnlyList<string> Menu, IReadOnlyList<string> Examples);
