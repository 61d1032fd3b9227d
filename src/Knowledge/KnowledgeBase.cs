using Clearance.Knowledge.Analysis;
using Clearance.Knowledge.Guides;
using Clearance.Knowledge.Schools;
using Clearance.Knowledge.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearance.Knowledge;

/// <summary>
/// The loaded guides of every school and their indexes. <see cref="Reload"/> builds a new snapshot beside the old one
/// and swaps it in, so questions keep being answered during a reload.
/// </summary>
public sealed partial class KnowledgeBase(IOptions<KnowledgeOptions> options, ILogger<KnowledgeBase> logger)
{
    private readonly Lock _reloadLock = new();
    private KnowledgeSnapshot? _current;

    /// <summary>The loaded snapshot; the first call loads it (and a caller arriving during that load waits for it).</summary>
    public KnowledgeSnapshot Current => Volatile.Read(ref _current) ?? LoadOnce();

    /// <summary>Whether a snapshot is loaded, without loading one: the health check must not block on the first load.</summary>
    public bool IsLoaded => Volatile.Read(ref _current) is not null;

    /// <summary>
    /// The schools the knowledge base has: the loaded ones, or before the first load the folders with a
    /// <c>school.yml</c>. Lets start-up checks (an account naming a school) run without waiting for the load.
    /// </summary>
    public IReadOnlyCollection<string> SchoolIds()
    {
        if (Volatile.Read(ref _current) is { } loaded) return [.. loaded.Schools.Keys];
        var root = options.Value.ResolveRoot();
        return Directory.Exists(root)
            ? [.. Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "school.yml"))).Select(Path.GetFileName).OfType<string>()]
            : [];
    }

    private KnowledgeSnapshot LoadOnce()
    {
        lock (_reloadLock)
        {
            // Two first callers (start-up loading and an early request) would otherwise both load it, one after the other.
            return Volatile.Read(ref _current) ?? Reload();
        }
    }

    public KnowledgeSnapshot Reload()
    {
        lock (_reloadLock)
        {
            // The snapshot being replaced: a school whose school.yml no longer parses keeps its previous version.
            var snapshot = KnowledgeLoader.Load(options.Value.ResolveRoot(), Volatile.Read(ref _current));
            foreach (var error in snapshot.Errors) LogLoadError(logger, error.File, error.Line, error.Message);
            LogLoaded(logger, snapshot.Schools.Count, snapshot.Schools.Values.Sum(s => s.Guides.Count), snapshot.Errors.Count);
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Knowledge base: {File}:{Line}: {Message}")]
    private static partial void LogLoadError(ILogger logger, string file, int line, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge base loaded: {Schools} schools, {Guides} guides, {Errors} errors")]
    private static partial void LogLoaded(ILogger logger, int schools, int guides, int errors);
}

/// <summary>One consistent load of the knowledge base.</summary>
public sealed class KnowledgeSnapshot(IReadOnlyDictionary<string, SchoolKnowledge> schools, IReadOnlyList<KnowledgeLoadError> errors, DateTimeOffset loadedAt)
{
    public IReadOnlyDictionary<string, SchoolKnowledge> Schools { get; } = schools;
    public IReadOnlyList<KnowledgeLoadError> Errors { get; } = errors;
    public DateTimeOffset LoadedAt { get; } = loadedAt;

    public SchoolKnowledge? School(string schoolId) => Schools.GetValueOrDefault(schoolId);

    /// <summary>The shared vocabulary files this snapshot was built with.</summary>
    public KnowledgeVocabulary Vocabulary { get; init; } = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _otherSchoolNames = new(StringComparer.Ordinal);

    /// <summary>Names of universities other than <paramref name="schoolId"/>: the other loaded schools and <c>universities.txt</c>.</summary>
    public IReadOnlyCollection<string> OtherSchoolNames(string schoolId) => _otherSchoolNames.GetOrAdd(schoolId, id =>
        [.. Schools.Values.Where(s => s.Profile.Id != id)
            .SelectMany(s => s.Profile.Aliases.Append(s.Profile.Name))
            .Concat(Vocabulary.Universities)
            .Select(ChineseSegmenter.Normalize)
            // A two-character name that is also a common word (重大 in 重大事项) would decline ordinary questions.
            .Where(n => n.Length > 2 || (n.Length == 2 && WordWeights.Of(n) >= 7))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(n => n.Length)]);
}

/// <summary>A school's profile, guides and search index.</summary>
public sealed class SchoolKnowledge
{
    private readonly Dictionary<string, Guide> _byId;

    public SchoolKnowledge(SchoolProfile profile, IReadOnlyList<Guide> guides, GuideIndex index, IReadOnlyList<Guide>? drafts = null)
    {
        Profile = profile;
        Drafts = drafts ?? [];
        Guides = guides;
        Index = index;
        _byId = guides.ToDictionary(g => g.Id, StringComparer.Ordinal);
    }

    public SchoolProfile Profile { get; }
    public IReadOnlyList<Guide> Guides { get; }
    public GuideIndex Index { get; }
    /// <summary>Guides marked <c>draft: true</c>: loaded for review (<c>index</c>, <c>kb lint</c>), never indexed or served.</summary>
    public IReadOnlyList<Guide> Drafts { get; }

    public Guide? FindGuide(string? id) => id is not null && _byId.TryGetValue(id, out var guide) ? guide : null;

    /// <summary>The school's name and aliases as questions are normalised.</summary>
    public IReadOnlyCollection<string> Names => field ??= [.. Profile.Aliases.Append(Profile.Name).Select(ChineseSegmenter.Normalize).Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal)];
}

public static class KnowledgeLoader
{
    /// <summary>Loads every school folder under <paramref name="root"/>; bad files become errors, the rest load.</summary>
    /// <param name="previous">
    /// The snapshot a reload replaces. A school whose <c>school.yml</c> fails to parse keeps its version from there (its
    /// guides, index and profile), so one bad edit does not take a school's answers offline; the error is still reported.
    /// </param>
    public static KnowledgeSnapshot Load(string root, KnowledgeSnapshot? previous = null)
    {
        var errors = new List<KnowledgeLoadError>();
        var vocabulary = KnowledgeVocabulary.Load(root);
        var schools = new Dictionary<string, SchoolKnowledge>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            errors.Add(new KnowledgeLoadError(root, 0, "knowledge-base folder not found"));
            return new KnowledgeSnapshot(schools, errors, DateTimeOffset.UtcNow);
        }
        foreach (var folder in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
        {
            var schoolId = Path.GetFileName(folder);
            var profileFile = Path.Combine(folder, "school.yml");
            if (!File.Exists(profileFile)) continue;
            SchoolProfile profile;
            try
            {
                profile = SchoolProfileParser.Parse(schoolId, File.ReadAllText(profileFile));
            }
            catch (GuideFormatException e)
            {
                if (previous?.School(schoolId) is { } kept)
                {
                    schools[schoolId] = kept;
                    errors.Add(new KnowledgeLoadError(Relative(root, profileFile), e.Line, $"{e.Message} (the previously loaded version of {schoolId} stays in use)"));
                }
                else
                {
                    errors.Add(new KnowledgeLoadError(Relative(root, profileFile), e.Line, e.Message));
                }
                continue;
            }
            var guides = new List<Guide>();
            var drafts = new List<Guide>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(folder, "*.md").OrderBy(f => f, StringComparer.Ordinal))
            {
                try
                {
                    var guide = GuideParser.Parse(schoolId, file, File.ReadAllText(file));
                    if (!seen.Add(guide.Id))
                        throw new GuideFormatException(2, $"duplicate id '{guide.Id}'");
                    (guide.Draft ? drafts : guides).Add(guide);
                }
                catch (GuideFormatException e)
                {
                    errors.Add(new KnowledgeLoadError(Relative(root, file), e.Line, e.Message));
                }
            }
            schools[schoolId] = new SchoolKnowledge(profile, guides, GuideIndex.Build(profile, guides, vocabulary), drafts);
        }
        return new KnowledgeSnapshot(schools, errors, DateTimeOffset.UtcNow) { Vocabulary = vocabulary };
    }

    private static string Relative(string root, string file) =>
        Path.Combine(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), Path.GetRelativePath(root, file));
}
