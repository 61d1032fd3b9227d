namespace Clearance.Bot.ClearanceStatus;

/// <summary>How names and student ids appear in logs: enough to tell cases apart, not enough to identify anyone.</summary>
public static class Privacy
{
    /// <summary>张三 → 张*, 欧阳娜娜 → 欧***.</summary>
    public static string MaskName(string? name) =>
        string.IsNullOrEmpty(name) ? "" : name[..1] + new string('*', Math.Max(1, name.Length - 1));

    /// <summary>20181234 → 2018**34.</summary>
    public static string MaskStudentId(string? studentId) => studentId switch
    {
        null or "" => "",
        { Length: <= 4 } s => new string('*', s.Length),
        var s => s[..Math.Min(4, s.Length - 2)] + new string('*', s.Length - Math.Min(4, s.Length - 2) - 2) + s[^2..],
    };
}
