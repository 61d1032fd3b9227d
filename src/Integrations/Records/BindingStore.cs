using Clearance.Integrations.SharedState;
using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>Which conversation is which student: binding after the identity check, unbinding, and the lookup every turn makes.</summary>
/// <param name="sharedState">
/// Caches conversation → binding lookups, which every turn makes (the identity middleware): in Redis mode a key read
/// instead of a PostgreSQL query. Binding and unbinding go through this store and replace the entry, so the cache is
/// never behind the table for those; null (tests of the store alone) reads the table each time.
/// </param>
public sealed class BindingStore(RecordsDbContextFactory contexts, RecordsSchema schema, TimeProvider time, ISharedState? sharedState = null)
    : RecordsStore(contexts, schema)
{
    private static readonly TimeSpan BindingCacheLifetime = TimeSpan.FromMinutes(10);

    /// <summary>True when the roster has this student with this name and these last six ID characters. Same cost whether or not the student exists.</summary>
    public async Task<bool> VerifyIdentityAsync(string school, string studentId, string name, string idLast6, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var student = await db.Students.AsNoTracking().FirstOrDefaultAsync(s => s.School == school && s.StudentId == studentId, cancellationToken);
        var digitsMatch = IdDigitsHasher.Verify(idLast6, student?.IdLast6Hash);
        return student is not null && digitsMatch && string.Equals(student.Name.Trim(), name.Trim(), StringComparison.Ordinal);
    }

    /// <summary>True when the roster's student has these last six ID characters: a bound student confirming an irreversible step.</summary>
    public async Task<bool> VerifyIdDigitsAsync(string school, string studentId, string idLast6, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var stored = await db.Students.AsNoTracking().Where(s => s.School == school && s.StudentId == studentId).Select(s => s.IdLast6Hash).FirstOrDefaultAsync(cancellationToken);
        return IdDigitsHasher.Verify(idLast6, stored) && stored is not null;
    }

    public async Task<Binding?> FindBindingAsync(string conversationKey, CancellationToken cancellationToken)
    {
        if (sharedState is not null && await sharedState.GetAsync(BindingCacheKey(conversationKey), cancellationToken) is { } cached)
            return ParseCachedBinding(conversationKey, cached);
        await using var db = await OpenAsync(cancellationToken);
        var binding = await db.Bindings.AsNoTracking().FirstOrDefaultAsync(b => b.ConversationKey == conversationKey, cancellationToken);
        await CacheBindingAsync(conversationKey, binding, cancellationToken);
        return binding;
    }

    private static string BindingCacheKey(string conversationKey) => "binding:" + conversationKey;

    private Task CacheBindingAsync(string conversationKey, Binding? binding, CancellationToken cancellationToken) =>
        sharedState is null
            ? Task.CompletedTask
            : sharedState.SetAsync(
                BindingCacheKey(conversationKey),
                binding is null ? "-" : $"{binding.School}\n{binding.StudentId}\n{binding.BoundAt.UtcTicks}",
                BindingCacheLifetime,
                cancellationToken);

    /// <summary>"-" records that the conversation is not bound, which is most turns' answer.</summary>
    private static Binding? ParseCachedBinding(string conversationKey, string cached)
    {
        var parts = cached.Split('\n');
        if (parts.Length != 3 || !long.TryParse(parts[2], out var ticks)) return null;
        return new Binding { ConversationKey = conversationKey, School = parts[0], StudentId = parts[1], BoundAt = new DateTimeOffset(ticks, TimeSpan.Zero) };
    }

    public async Task BindConversationAsync(string conversationKey, string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        var binding = await db.Bindings.FirstOrDefaultAsync(b => b.ConversationKey == conversationKey, cancellationToken);
        if (binding is null)
        {
            db.Bindings.Add(new Binding { ConversationKey = conversationKey, School = school, StudentId = studentId, BoundAt = now });
        }
        else
        {
            binding.School = school;
            binding.StudentId = studentId;
            binding.BoundAt = now;
        }
        db.AuditEntries.Add(new AuditEntry { At = now, Actor = "student", School = school, StudentId = studentId, Action = "bind", After = ChannelOf(conversationKey) });
        await db.SaveChangesAsync(cancellationToken);
        await CacheBindingAsync(conversationKey, new Binding { ConversationKey = conversationKey, School = school, StudentId = studentId, BoundAt = now }, cancellationToken);
    }

    public async Task<Binding?> UnbindConversationAsync(string conversationKey, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var binding = await db.Bindings.FirstOrDefaultAsync(b => b.ConversationKey == conversationKey, cancellationToken);
        if (binding is null) return null;
        db.Bindings.Remove(binding);
        db.AuditEntries.Add(new AuditEntry { At = time.GetUtcNow(), Actor = "student", School = binding.School, StudentId = binding.StudentId, Action = "unbind", Before = ChannelOf(conversationKey) });
        await db.SaveChangesAsync(cancellationToken);
        await CacheBindingAsync(conversationKey, null, cancellationToken);
        return binding;
    }

    /// <summary>
    /// Deletes the bindings filed under <paramref name="keyPrefix"/> made before <paramref name="boundBefore"/>: web
    /// bindings whose session has ended, which no request can reach any more. Returns how many went.
    /// </summary>
    public async Task<int> DeleteBindingsAsync(string keyPrefix, DateTimeOffset boundBefore, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.Bindings.Where(b => b.ConversationKey.StartsWith(keyPrefix) && b.BoundAt < boundBefore).ExecuteDeleteAsync(cancellationToken);
    }

    private static string ChannelOf(string conversationKey) => conversationKey.Split(':')[0];
}
