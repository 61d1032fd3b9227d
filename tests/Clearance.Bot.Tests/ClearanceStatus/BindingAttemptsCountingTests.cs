using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Conversation;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// The binding counters on their own, at each limit's edge, with the numbers of docs/security.md written out: five checks
/// per account in 30 days, thirty a day at one student id, an account's first check never refused for the id, and on
/// the web the client address's own count. Fast enough for mutation testing to run for every changed comparison.
/// </summary>
public sealed class BindingAttemptsCountingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemorySharedState _state;
    private readonly BindingAttempts _attempts;

    public BindingAttemptsCountingTests()
    {
        _state = new InMemorySharedState(_clock);
        _attempts = new BindingAttempts(_state, Options.Create(new BindingOptions { WebBindingChecksPerAddress = 3 }));
    }

    private static Activity Mp(string openid) => new() { Channel = Channel.Mp, Account = "demo", School = "cqu", UserId = openid };

    private static Activity Web(string session, string? address) => new()
    {
        Channel = Channel.Web, Account = "web", School = "cqu", UserId = "u-" + session, WebSessionKey = session, ClientAddress = address,
    };

    [Fact]
    public void TheLimitsAreTheNumbersTheThreatModelRestsOn()
    {
        Assert.Equal(5, BindingLimits.ChecksPerIdentity);
        Assert.Equal(30, BindingLimits.StudentChecksPerDay);
        Assert.Equal(TimeSpan.FromDays(30), BindingLimits.IdentityWindow);
        Assert.Equal(TimeSpan.FromDays(1), BindingLimits.StudentWindow);
        Assert.Equal(5, new BindingOptions().WebBindingChecksPerAddress);
    }

    [Fact]
    public async Task AnAccountGetsFiveChecksCountingDownThenIsRefusedUntilThirtyDaysPass()
    {
        var who = Mp("o-1");
        var left = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var check = await _attempts.ReserveAsync(who, "cqu", $"2018{i:0000}", CancellationToken.None);
            Assert.Null(check.Refusal);
            left.Add(check.ChecksLeft);
        }

        Assert.Equal([4, 3, 2, 1, 0], left);
        Assert.Equal(new BindingCheck(BindingRefusal.Account, 0), await _attempts.ReserveAsync(who, "cqu", "20189999", CancellationToken.None));
        Assert.Equal(BindingRefusal.Account, await _attempts.PeekAsync(who, "cqu", null, CancellationToken.None));
        Assert.Null(await _attempts.PeekAsync(Mp("o-2"), "cqu", null, CancellationToken.None));

        _clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));
        Assert.Null(await _attempts.PeekAsync(who, "cqu", null, CancellationToken.None));
        Assert.Equal(new BindingCheck(null, 4), await _attempts.ReserveAsync(who, "cqu", "20189999", CancellationToken.None));
    }

    [Fact]
    public async Task PeekRefusesAtTheFifthCheckUsedNotBefore()
    {
        var who = Mp("o-peek");
        for (var i = 0; i < 4; i++) await _attempts.ReserveAsync(who, "cqu", "20180001", CancellationToken.None);
        Assert.Null(await _attempts.PeekAsync(who, "cqu", null, CancellationToken.None));

        await _attempts.ReserveAsync(who, "cqu", "20180001", CancellationToken.None);
        Assert.Equal(BindingRefusal.Account, await _attempts.PeekAsync(who, "cqu", "20180001", CancellationToken.None));
    }

    /// <summary>Thirty checks at one id from thirty accounts, each its account's second (the first went elsewhere).</summary>
    private async Task SpendStudentBudgetAsync(string studentId)
    {
        for (var i = 0; i < 30; i++)
        {
            var guesser = Mp($"o-guesser-{i}");
            await _attempts.ReserveAsync(guesser, "cqu", $"other-{i}", CancellationToken.None);
            Assert.Null((await _attempts.ReserveAsync(guesser, "cqu", studentId, CancellationToken.None)).Refusal);
        }
    }

    [Fact]
    public async Task PastThirtyChecksADayAtOneIdOnlyAnAccountsFirstCheckStillRuns()
    {
        await SpendStudentBudgetAsync("20181298");
        Assert.Equal(30, await _attempts.StudentChecksAsync("cqu", "20181298", CancellationToken.None));

        var seasoned = Mp("o-seasoned");
        await _attempts.ReserveAsync(seasoned, "cqu", "elsewhere", CancellationToken.None);
        Assert.Equal(BindingRefusal.StudentBudget, await _attempts.PeekAsync(seasoned, "cqu", "20181298", CancellationToken.None));
        Assert.Equal(new BindingCheck(BindingRefusal.StudentBudget, 3), await _attempts.ReserveAsync(seasoned, "cqu", "20181298", CancellationToken.None));

        var realStudent = Mp("o-real");
        Assert.Null(await _attempts.PeekAsync(realStudent, "cqu", "20181298", CancellationToken.None));
        Assert.Equal(new BindingCheck(null, 4), await _attempts.ReserveAsync(realStudent, "cqu", "20181298", CancellationToken.None));

        // Another school's id of the same number has its own budget.
        Assert.Null((await _attempts.ReserveAsync(seasoned, "bjtu", "20181298", CancellationToken.None)).Refusal);

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Null(await _attempts.PeekAsync(seasoned, "cqu", "20181298", CancellationToken.None));
    }

    [Fact]
    public async Task TheThirtiethCheckAtAnIdStillRunsForAnAccountThatCheckedBefore()
    {
        for (var i = 0; i < 29; i++)
        {
            var guesser = Mp($"o-g-{i}");
            await _attempts.ReserveAsync(guesser, "cqu", $"x-{i}", CancellationToken.None);
            await _attempts.ReserveAsync(guesser, "cqu", "20181300", CancellationToken.None);
        }
        var thirtieth = Mp("o-thirtieth");
        await _attempts.ReserveAsync(thirtieth, "cqu", "first", CancellationToken.None);

        Assert.Null(await _attempts.PeekAsync(thirtieth, "cqu", "20181300", CancellationToken.None));
        Assert.Null((await _attempts.ReserveAsync(thirtieth, "cqu", "20181300", CancellationToken.None)).Refusal);
        Assert.Equal(BindingRefusal.StudentBudget, await _attempts.PeekAsync(thirtieth, "cqu", "20181300", CancellationToken.None));
    }

    [Fact]
    public async Task OnTheWebTheAddressHasItsOwnCountWhateverSessionsItUses()
    {
        var left = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var check = await _attempts.ReserveAsync(Web($"s{i}", "203.0.113.7"), "cqu", "20180001", CancellationToken.None);
            Assert.Null(check.Refusal);
            left.Add(check.ChecksLeft);
        }

        Assert.Equal([4, 4, 4], left);
        Assert.Equal(BindingRefusal.Address, await _attempts.PeekAsync(Web("s9", "203.0.113.7"), "cqu", null, CancellationToken.None));
        Assert.Equal(new BindingCheck(BindingRefusal.Address, 4), await _attempts.ReserveAsync(Web("s9", "203.0.113.7"), "cqu", "20180001", CancellationToken.None));
        Assert.Null(await _attempts.PeekAsync(Web("s9", "198.51.100.1"), "cqu", null, CancellationToken.None));
        // A client without an address shares one count with every other such client.
        Assert.Equal(["bind-checks:web:session:s1", "bind-checks-address:unknown"], _attempts.CounterKeysOf(Web("s1", null)));
        Assert.Equal(["bind-checks:mp:demo:o-1"], _attempts.CounterKeysOf(Mp("o-1")));
    }

    [Fact]
    public async Task OnTheWebAnAccountsFirstCheckIsNotFirstWhenItsAddressCheckedBefore()
    {
        await SpendStudentBudgetAsync("20181298");
        await _attempts.ReserveAsync(Web("s-a", "203.0.113.9"), "cqu", "elsewhere", CancellationToken.None);

        // A fresh session from an address that already checked: its first check is not the protected kind.
        Assert.Equal(BindingRefusal.StudentBudget, await _attempts.PeekAsync(Web("s-b", "203.0.113.9"), "cqu", "20181298", CancellationToken.None));
        Assert.Equal(BindingRefusal.StudentBudget, (await _attempts.ReserveAsync(Web("s-b", "203.0.113.9"), "cqu", "20181298", CancellationToken.None)).Refusal);
        Assert.Null((await _attempts.ReserveAsync(Web("s-c", "198.51.100.2"), "cqu", "20181298", CancellationToken.None)).Refusal);
    }

    [Fact]
    public void ACounterIsSpentAtItsOwnLimit()
    {
        var account = _attempts.CounterKeysOf(Mp("o-1"))[0];
        var address = _attempts.CounterKeysOf(Web("s", "203.0.113.7"))[1];

        Assert.False(_attempts.IsSpent(account, 4));
        Assert.True(_attempts.IsSpent(account, 5));
        Assert.False(_attempts.IsSpent(address, 2));
        Assert.True(_attempts.IsSpent(address, 3));
    }

    [Fact]
    public async Task ResettingAnIdClearsItsBudgetAndTheGivenAccountsCountersOnly()
    {
        await SpendStudentBudgetAsync("20181298");
        var keys = _attempts.CounterKeysOf(Mp("o-guesser-0"));

        await _attempts.ResetAsync("cqu", "20181298", keys, CancellationToken.None);

        Assert.Equal(0, await _attempts.StudentChecksAsync("cqu", "20181298", CancellationToken.None));
        Assert.Equal(0, await _attempts.ReadAsync(keys[0], CancellationToken.None));
        Assert.Equal(2, await _attempts.ReadAsync(_attempts.CounterKeysOf(Mp("o-guesser-1"))[0], CancellationToken.None));
    }
}
