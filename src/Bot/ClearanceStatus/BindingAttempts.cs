using System.ComponentModel.DataAnnotations;
using Clearance.Bot.Conversation;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// The binding settings a school chooses (section <c>Clearance</c>, beside the staff keys). The limits themselves are
/// not settings: they are what docs/security.md's arithmetic rests on (<see cref="BindingLimits"/>).
/// </summary>
public sealed class BindingOptions
{
    public const string SectionName = "Clearance";

    /// <summary>
    /// Binding through the web page (<c>/api/chat</c>). Off by default: a web <c>userId</c> is whatever the client
    /// sends, so neither it nor the binding made under it is worth what a platform-signed openid is (docs/security.md).
    /// </summary>
    public bool WebBinding { get; set; }

    /// <summary>
    /// With <see cref="WebBinding"/> on: identity checks one client address may make in 30 days, whatever user ids it
    /// sends. The any-student bound in docs/security.md grows with it; raise it only for a known shared address.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Clearance:WebBindingChecksPerAddress must be between {1} and {2}.")]
    public int WebBindingChecksPerAddress { get; set; } = BindingLimits.ChecksPerIdentity;
}

/// <summary>The numbers behind docs/security.md's threat model for binding; change them there first.</summary>
public static class BindingLimits
{
    /// <summary>Identity checks (right or wrong) one account may make in <see cref="IdentityWindow"/>.</summary>
    public const int ChecksPerIdentity = 5;

    public static readonly TimeSpan IdentityWindow = TimeSpan.FromDays(30);

    /// <summary>
    /// Checks at one student id per <see cref="StudentWindow"/> from accounts that have checked before. Past it those
    /// accounts are refused for that id; an account's first check always runs, so the real student is never locked
    /// out by someone else's guesses.
    /// </summary>
    public const int StudentChecksPerDay = 30;

    public static readonly TimeSpan StudentWindow = TimeSpan.FromDays(1);
}

/// <summary>Why a check was not run.</summary>
public enum BindingRefusal
{
    /// <summary>This account used its checks for the window.</summary>
    Account,
    /// <summary>This web client address used its checks for the window.</summary>
    Address,
    /// <summary>The student id's daily budget is spent and this account has checked before.</summary>
    StudentBudget,
}

/// <param name="Refusal">Null when the check may run.</param>
/// <param name="ChecksLeft">This account's checks left after this one.</param>
public readonly record struct BindingCheck(BindingRefusal? Refusal, int ChecksLeft);

/// <summary>
/// The counters that bound guessing at binding, in <see cref="ISharedState"/> so they hold across instances: checks per
/// account (and per client address on the web) over 30 days, checks per student id per day. A check is counted before
/// it runs, so guesses sent in parallel cannot all slip past a limit while the slow hash comparisons run.
/// </summary>
public sealed class BindingAttempts(ISharedState state, IOptions<BindingOptions> options)
{
    /// <summary>Refuses early (at "绑定" or at the student id) without counting anything; the real gate is <see cref="ReserveAsync"/>.</summary>
    public async Task<BindingRefusal?> PeekAsync(Activity who, string school, string? studentId, CancellationToken cancellationToken)
    {
        var accountChecks = await ReadAsync(AccountKey(who), cancellationToken);
        if (accountChecks >= BindingLimits.ChecksPerIdentity) return BindingRefusal.Account;
        var addressChecks = AddressKey(who) is { } addressKey ? await ReadAsync(addressKey, cancellationToken) : 0;
        if (addressChecks >= options.Value.WebBindingChecksPerAddress) return BindingRefusal.Address;
        if (studentId is null || (accountChecks == 0 && addressChecks == 0)) return null;
        return await ReadAsync(StudentKey(school, studentId), cancellationToken) >= BindingLimits.StudentChecksPerDay
            ? BindingRefusal.StudentBudget
            : null;
    }

    /// <summary>Counts one check of <paramref name="studentId"/> by this account, or says why it may not run.</summary>
    public async Task<BindingCheck> ReserveAsync(Activity who, string school, string studentId, CancellationToken cancellationToken)
    {
        var accountChecks = await state.IncrementAsync(AccountKey(who), BindingLimits.IdentityWindow, cancellationToken);
        var left = (int)Math.Max(0, BindingLimits.ChecksPerIdentity - accountChecks);
        if (accountChecks > BindingLimits.ChecksPerIdentity) return new BindingCheck(BindingRefusal.Account, 0);
        long addressChecks = 1;
        if (AddressKey(who) is { } addressKey)
        {
            addressChecks = await state.IncrementAsync(addressKey, BindingLimits.IdentityWindow, cancellationToken);
            if (addressChecks > options.Value.WebBindingChecksPerAddress) return new BindingCheck(BindingRefusal.Address, left);
        }
        // An account's first check (and, on the web, its address's first) is never refused for the student id: that is
        // how the real student binds while someone else guesses at their id. Each account has one such check per window.
        var firstCheck = accountChecks == 1 && addressChecks == 1;
        var studentChecks = await state.IncrementAsync(StudentKey(school, studentId), BindingLimits.StudentWindow, cancellationToken);
        if (studentChecks > BindingLimits.StudentChecksPerDay && !firstCheck) return new BindingCheck(BindingRefusal.StudentBudget, left);
        return new BindingCheck(null, left);
    }

    /// <summary>The counter keys this account's checks went to (its own and, on the web, its address's).</summary>
    public IReadOnlyList<string> CounterKeysOf(Activity who) => AddressKey(who) is { } address ? [AccountKey(who), address] : [AccountKey(who)];

    public Task<long> ReadAsync(string key, CancellationToken cancellationToken) => ReadCounterAsync(state, key, cancellationToken);

    public Task<long> StudentChecksAsync(string school, string studentId, CancellationToken cancellationToken) =>
        ReadAsync(StudentKey(school, studentId), cancellationToken);

    /// <summary>Staff clearing a student id: its budget and the counters of the accounts that failed at it start afresh.</summary>
    public async Task ResetAsync(string school, string studentId, IEnumerable<string> counterKeys, CancellationToken cancellationToken)
    {
        await state.DeleteAsync(StudentKey(school, studentId), cancellationToken);
        foreach (var key in counterKeys) await state.DeleteAsync(key, cancellationToken);
    }

    /// <summary>Whether a counter key (from <see cref="CounterKeysOf"/>) has used all its checks.</summary>
    public bool IsSpent(string counterKey, long checks) =>
        checks >= (counterKey.StartsWith(AddressPrefix, StringComparison.Ordinal) ? options.Value.WebBindingChecksPerAddress : BindingLimits.ChecksPerIdentity);

    private static async Task<long> ReadCounterAsync(ISharedState state, string key, CancellationToken cancellationToken) =>
        long.TryParse(await state.GetAsync(key, cancellationToken), out var n) ? n : 0;

    private const string AddressPrefix = "bind-checks-address:";

    private static string AccountKey(Activity who) => "bind-checks:" + (who.PersonalKey ?? who.ConversationKey);

    /// <summary>Web user ids cost nothing to make, so the web's checks also count against the client's address.</summary>
    private static string? AddressKey(Activity who) =>
        who.Channel == Channel.Web ? AddressPrefix + (who.ClientAddress ?? "unknown") : null;

    private static string StudentKey(string school, string studentId) => $"bind-checks-student:{school}:{studentId}";
}
