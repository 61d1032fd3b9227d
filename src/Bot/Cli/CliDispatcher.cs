namespace Clearance.Bot.Cli;

/// <summary>Finds the verb named by the leading arguments; no verb means "run the web service".</summary>
public static class CliDispatcher
{
    public static bool IsCliInvocation(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=');

    /// <param name="error">Where verbs that separate them write errors; <paramref name="output"/> when not given.</param>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken cancellationToken, TextWriter? error = null)
    {
        var verbs = services.GetServices<ICliVerb>().ToList();
        var verb = verbs
            .Where(v => Matches(v.Name, args))
            .OrderByDescending(v => v.Name.Split(' ').Length)
            .FirstOrDefault();
        if (verb is null)
        {
            await output.WriteLineAsync($"unknown command '{string.Join(' ', args)}'. Commands:");
            foreach (var v in verbs.OrderBy(v => v.Name)) await output.WriteLineAsync("  " + v.Usage);
            return 2;
        }
        var rest = args.Skip(verb.Name.Split(' ').Length).ToArray();
        return await verb.RunAsync(rest, output, error ?? output, cancellationToken);
    }

    private static bool Matches(string name, string[] args)
    {
        var words = name.Split(' ');
        return words.Length <= args.Length && words.Select((w, i) => w == args[i]).All(x => x);
    }

    /// <summary>Reads <c>--name value</c> options and positional arguments.</summary>
    public static (Dictionary<string, string> Options, List<string> Positional) Parse(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                options[name] = value;
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        return (options, positional);
    }
}
