using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Knowledge.Tests;

/// <summary>The knowledge base shipped in the repository, loaded once for the test run.</summary>
public static class RealKnowledgeBase
{
    private static readonly Lazy<KnowledgeBase> Instance = new(() =>
        new KnowledgeBase(Options.Create(new KnowledgeOptions()), NullLogger<KnowledgeBase>.Instance));

    public static KnowledgeBase Knowledge => Instance.Value;

    public static KnowledgeSnapshot Snapshot => Instance.Value.Current;
}
