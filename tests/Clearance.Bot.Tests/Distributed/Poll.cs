namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Waits for a condition instead of for a time: fault tests cannot know how long a reconnect or a lease expiry takes on
/// a busy machine, only what must be true in the end. The timeout is generous and only bounds a hang.
/// </summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? state = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}" + (state is null ? "" : "; " + await state()));
            await Task.Delay(100);
        }
    }
}
