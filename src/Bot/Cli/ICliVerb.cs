namespace Clearance.Bot.Cli;

/// <summary>A command-line verb (<c>ask</c>, <c>index</c>, <c>students import</c>…) run against the built host's services.</summary>
public interface ICliVerb
{
    /// <summary>One or more words, e.g. <c>"students import"</c>.</summary>
    string Name { get; }

    string Usage { get; }

    /// <summary>Runs with the arguments after the verb's words; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken);

    /// <summary>
    /// As above with a separate writer for errors (stderr from the command line), so a script can tell a report from
    /// what went wrong. Verbs that do not separate them write both to <paramref name="output"/>.
    /// </summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, output, cancellationToken);
}
