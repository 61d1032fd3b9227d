using System.Text;
using System.Text.RegularExpressions;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.WeChat;

/// <summary>
/// Checks every configured account at start, naming the key, because a wrong Token or EncodingAESKey otherwise only
/// shows up as every WeChat callback failing. Data annotations do not look inside dictionaries.
/// </summary>
public sealed class WeChatOptionsValidator : IValidateOptions<WeChatOptions>, IValidateOptions<WeComOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options)
    {
        var errors = new List<string>();
        foreach (var (account, o) in options.Accounts)
        {
            var prefix = $"{WeChatOptions.SectionName}:Accounts:{account}";
            Require(errors, prefix, "School", o.School);
            Require(errors, prefix, "AppId", o.AppId);
            Require(errors, prefix, "Token", o.Token);
            CheckMode(errors, prefix, o);
            CheckMenu(errors, prefix + ":Menu", o.Menu);
            CheckTemplateFields(errors, prefix + ":TemplateFields", o.TemplateFields);
        }
        CheckRetryDelays(errors, options.Api);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// No key used to mean plaintext mode silently; now plaintext is asked for by name, and a key is checked whenever
    /// one is given (with <c>Mode: plaintext</c> too, for an account switching over with AcceptPlaintext).
    /// </summary>
    private static void CheckMode(List<string> errors, string prefix, WeChatAccountOptions o)
    {
        if (!string.IsNullOrEmpty(o.Mode) && !o.IsPlaintext)
        {
            errors.Add($"{prefix}:Mode '{o.Mode}' is not a mode: leave it empty (compatible or safe mode, with an EncodingAESKey) or set it to '{WeChatAccountOptions.PlaintextMode}'.");
            return;
        }
        if (!string.IsNullOrEmpty(o.EncodingAESKey)) CheckAesKey(errors, prefix, o.EncodingAESKey);
        else if (!o.IsPlaintext)
            errors.Add($"{prefix}:EncodingAESKey is required (compatible or safe mode). Without one the account runs in plaintext mode, " +
                $"where the signature does not cover the message: set {prefix}:Mode to '{WeChatAccountOptions.PlaintextMode}' to accept that.");
    }

    /// <summary>Template data keys are identifiers; two parts under one key would overwrite each other.</summary>
    private static void CheckTemplateFields(List<string> errors, string prefix, TemplateFieldNames fields)
    {
        var used = fields.All.Where(f => !string.IsNullOrWhiteSpace(f.Key)).ToList();
        if (used.Count == 0) errors.Add($"{prefix}: at least one of Title, Date and Hint must name a template field.");
        foreach (var (part, key) in used)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(key!, "^[A-Za-z_][A-Za-z0-9_]{0,31}$"))
                errors.Add($"{prefix}:{part} '{key}' is not a template field name (letters, digits and _, as in thing1 or keyword2).");
        }
        foreach (var twice in used.GroupBy(f => f.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"{prefix}: {string.Join(" and ", twice.Select(f => f.Part))} both use '{twice.Key}'.");
    }

    public ValidateOptionsResult Validate(string? name, WeComOptions options)
    {
        var errors = new List<string>();
        foreach (var (app, o) in options.Apps)
        {
            var prefix = $"{WeComOptions.SectionName}:Apps:{app}";
            Require(errors, prefix, "School", o.School);
            Require(errors, prefix, "CorpId", o.CorpId);
            Require(errors, prefix, "Token", o.Token);
            if (o.AgentId <= 0) errors.Add($"{prefix}:AgentId must be the app's positive AgentId.");
            CheckAesKey(errors, prefix, o.EncodingAESKey);
            CheckMenu(errors, prefix + ":Menu", o.Menu);
        }
        if (!string.IsNullOrEmpty(options.UserIdRule))
        {
            try
            {
                _ = new Regex(options.UserIdRule, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                errors.Add($"{WeComOptions.SectionName}:UserIdRule is not a valid regular expression: {e.Message}");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, string prefix, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add($"{prefix}:{key} is required.");
    }

    private static void CheckAesKey(List<string> errors, string prefix, string? key)
    {
        if (!WeChatMessageCrypto.TryDecodeKey(key, out _))
            errors.Add($"{prefix}:EncodingAESKey must be the 43 characters from the admin console (base64 of a 32-byte key).");
    }

    private static void CheckRetryDelays(List<string> errors, WeChatApiOptions api)
    {
        if (api.EffectiveRetryDelays.Count > 5 || api.EffectiveRetryDelays.Any(d => d is < 0 or > 60_000))
            errors.Add($"{WeChatOptions.SectionName}:Api:RetryDelaysMilliseconds takes at most 5 delays of 0–60000 ms.");
    }

    // The platform's own limits (menu/create answers 40016–40018 otherwise): ≤3 top-level buttons of ≤16 bytes,
    // ≤5 sub-buttons of ≤60 bytes.
    private static void CheckMenu(List<string> errors, string prefix, List<MenuButtonOptions>? menu)
    {
        if (menu is null) return;
        if (menu.Count > 3) errors.Add($"{prefix} has {menu.Count} top-level buttons; WeChat allows at most 3 (group the rest).");
        for (var i = 0; i < menu.Count; i++)
        {
            var button = menu[i];
            CheckButton(errors, $"{prefix}:{i}", button, 16);
            if (button.SubButtons is not { Count: > 0 } subs) continue;
            if (subs.Count > 5) errors.Add($"{prefix}:{i}:SubButtons has {subs.Count} buttons; WeChat allows at most 5.");
            for (var j = 0; j < subs.Count; j++) CheckButton(errors, $"{prefix}:{i}:SubButtons:{j}", subs[j], 60);
        }
    }

    private static void CheckButton(List<string> errors, string prefix, MenuButtonOptions button, int maxNameBytes)
    {
        if (string.IsNullOrWhiteSpace(button.Name)) errors.Add($"{prefix}:Name is required.");
        else if (Encoding.UTF8.GetByteCount(button.Name) > maxNameBytes) errors.Add($"{prefix}:Name is longer than {maxNameBytes} bytes.");
        if (button.SubButtons is { Count: > 0 }) return;
        switch (button.Type?.ToLowerInvariant())
        {
            case "click" when string.IsNullOrWhiteSpace(button.Key):
                errors.Add($"{prefix}:Key is required for a click button.");
                break;
            case "view" when !Uri.TryCreate(button.Url, UriKind.Absolute, out _):
                errors.Add($"{prefix}:Url must be an absolute URL for a view button.");
                break;
            case "click" or "view":
                break;
            default:
                errors.Add($"{prefix}:Type must be click or view (or give SubButtons).");
                break;
        }
    }
}
