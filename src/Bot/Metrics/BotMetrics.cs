using System.Diagnostics.Metrics;
using Clearance.Bot.Reminders;

namespace Clearance.Bot.Metrics;

/// <summary>
/// The bot's own instruments (meter <c>Clearance.Bot</c>). They cost nothing when no listener is attached, so they are
/// recorded whether or not <c>Metrics:Enabled</c> serves them. Labels never carry a user, a student or a text.
/// </summary>
public sealed class BotMetrics : IDisposable
{
    public const string MeterName = "Clearance.Bot";

    private readonly Meter _meter;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _binding;
    private readonly Counter<long> _reminders;

    public BotMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _messages = _meter.CreateCounter<long>("clearance.messages", description: "Messages handled, per channel and school");
        _outcomes = _meter.CreateCounter<long>("clearance.answers", description: "Turns by outcome: answered, declined, fallback");
        _latency = _meter.CreateHistogram<double>("clearance.answer.duration", unit: "s", description: "Time to answer a message");
        _binding = _meter.CreateCounter<long>("clearance.binding", description: "Binding failures and locks");
        _reminders = _meter.CreateCounter<long>("clearance.reminders", description: "Reminder deliveries by status: planned, sent, failed, deferred, skipped");
    }

    public void Turn(string channel, string school, string intent, bool answered, TimeSpan elapsed)
    {
        var where = new KeyValuePair<string, object?>[] { new("channel", channel), new("school", school) };
        _messages.Add(1, where);
        var outcome = answered ? "answered" : intent == "fallback" ? "fallback" : "declined";
        _outcomes.Add(1, new("outcome", outcome), new("school", school));
        _latency.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("channel", channel));
        if (intent == "bind-locked") _binding.Add(1, new KeyValuePair<string, object?>("result", "locked"));
        else if (intent == "bind" && !answered) _binding.Add(1, new KeyValuePair<string, object?>("result", "failed"));
    }

    public void Planned(string school, int planned) => Reminders(school, "planned", planned);

    public void Sent(string school, SendReport report)
    {
        Reminders(school, "sent", report.Sent);
        Reminders(school, "failed", report.Failed + report.DeadLettered);
        Reminders(school, "deferred", report.Deferred);
        Reminders(school, "skipped", report.Skipped);
    }

    private void Reminders(string school, string status, int count)
    {
        if (count > 0) _reminders.Add(count, new("status", status), new("school", school));
    }

    public void Dispose() => _meter.Dispose();
}
