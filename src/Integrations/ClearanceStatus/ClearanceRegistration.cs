using Microsoft.Extensions.Hosting;

namespace Clearance.Integrations.ClearanceStatus;

/// <summary>Records (SQLite/PostgreSQL) and clearance-status providers (issue 4).</summary>
public static class ClearanceRegistration
{
    public static IHostApplicationBuilder AddClearanceRecords(this IHostApplicationBuilder builder) => builder;
}
