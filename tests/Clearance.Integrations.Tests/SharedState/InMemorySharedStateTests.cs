using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Time.Testing;

namespace Clearance.Integrations.Tests.SharedState;

public sealed class InMemorySharedStateTests : SharedStateContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 20, 9, 0, 0, TimeSpan.FromHours(8)));

    public InMemorySharedStateTests() => State = new InMemorySharedState(_time);

    protected override ISharedState State { get; }

    protected override TimeSpan Short => TimeSpan.FromMinutes(1);

    protected override Task ElapseAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
