namespace Clearance.Knowledge.Analysis;

/// <summary>What a question asks about a service, beyond which service it is.</summary>
[Flags]
public enum QuestionFacet
{
    None = 0,
    Phone = 1,
    Where = 2,
    Time = 4,
    Fee = 8,
    Materials = 16,
    Procedure = 32,
    Rule = 64,
}
