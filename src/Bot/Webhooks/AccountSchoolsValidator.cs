using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Work;
using Clearance.Knowledge;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Webhooks;

/// <summary>
/// Every configured account and app must name a school the knowledge base has; otherwise each of its messages would
/// fail. Integrations cannot see the knowledge base, so the check lives here, and stops the host at start.
/// </summary>
public sealed class AccountSchoolsValidator(KnowledgeBase knowledge) : IValidateOptions<WeChatOptions>, IValidateOptions<WeComOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options) =>
        Check(options.Accounts.Select(a => ($"{WeChatOptions.SectionName}:Accounts:{a.Key}:School", a.Value.School)));

    public ValidateOptionsResult Validate(string? name, WeComOptions options) =>
        Check(options.Apps.Select(a => ($"{WeComOptions.SectionName}:Apps:{a.Key}:School", a.Value.School)));

    private ValidateOptionsResult Check(IEnumerable<(string Key, string School)> schools)
    {
        var named = schools.Where(s => !string.IsNullOrWhiteSpace(s.School)).ToList();
        if (named.Count == 0) return ValidateOptionsResult.Success;
        // The school folders, not the loaded guides: validation runs before the host opens its port, and the guides
        // load after that (Startup/StartupLoading).
        var known = knowledge.SchoolIds().ToHashSet(StringComparer.Ordinal);
        var errors = named
            .Where(s => !known.Contains(s.School))
            .Select(s => $"{s.Key} is '{s.School}', which the knowledge base does not have (known: {string.Join(", ", known.Order())}).")
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
