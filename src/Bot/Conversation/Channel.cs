namespace Clearance.Bot.Conversation;

/// <summary>
/// The channel a turn came through. <see cref="Name"/> is the wire string, kept as it always was: it is in
/// conversation keys, delivery rows, logs and the feedback records.
/// </summary>
public readonly record struct Channel
{
    /// <summary>The web chat page (<c>/api/chat</c>).</summary>
    public static Channel Web { get; } = new("web");
    /// <summary>A WeChat official account (公众号).</summary>
    public static Channel Mp { get; } = new("mp");
    /// <summary>A WeCom (企业微信) app.</summary>
    public static Channel Work { get; } = new("work");
    /// <summary>The command line (<c>ask</c>, <c>eval</c>): staff asking on purpose.</summary>
    public static Channel Cli { get; } = new("cli");
    /// <summary>The question-set evaluator (<c>eval</c>), which runs the pipeline as a student would, on purpose.</summary>
    public static Channel Eval { get; } = new("eval");

    private Channel(string name) => Name = name;

    public string Name { get; }

    /// <summary>The students' own channels; the CLI and the evaluator are staff asking on purpose.</summary>
    public bool IsStudents => this == Web || this == Mp || this == Work;

    /// <summary>A channel by its wire name; an unknown name is a bug in the caller.</summary>
    public static Channel Parse(string name) => name switch
    {
        "web" => Web,
        "mp" => Mp,
        "work" => Work,
        "cli" => Cli,
        "eval" => Eval,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a channel: web, mp, work, cli or eval"),
    };

    public override string ToString() => Name;
}
