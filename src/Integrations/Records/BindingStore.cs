using Clearance.Integrations.SharedState;
using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>Which conversation is which student: binding after the identity check, unbinding, and the lookup every turn makes.</summary>
/// <param name="sharedState">
/// Caches conversation → binding lookups, which every turn makes (the identity middleware): in Redis mode a key read
/// instead of a PostgreSQL query. Binding and unbinding go through this store and replace the entry, so the cache is
/// never behind the table for those; null (tests of the store alone) reads the table each time.
/// </param>
/// <param name="idDigits">The ID-digits hash; null (tests of the store alone) uses the key file beside a SQLite store.</param>
public sealed class BindingStore(RecordsDbContextFactory contexts, RecordsSchema schema, TimeProvider time, ISharedState? sharedState = null, IdDigitsHasher? idDigits = null)
    : RecordsStore(contexts, schema)
{
    private readonly IdDigitsHasher _idDigits = idDigits ?? IdDigitsKeyFile.DefaultFor(contexts);

    private static readonly TimeSpan BindingCacheLifetime = TimeSpan.FromMinutes(10);

    /// <summary>True when the roster has this student with this name and these last six ID characters. Same cost whether or not the student exists.</summary>
    public async Task<bool> VerifyIdentityAsync(string school, string studentId, string name, string idLast6, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var student = await db.Students.AsNoTracking().FirstOrDefaultAsync(s => s.School == school && s.StudentId == studentId, cancellationToken);
        var digits = _idDigits.Check(idLast6, student?.IdLast6Hash);
        var verified = student is not null && digits.Matches && string.Equals(student.Name.Trim(), name.Trim(), StringComparison.Ordinal);
        if (verified && digits.NeedsRehash) await RehashAsync(db, school, studentId, student!.IdLast6Hash, idLast6, cancellationToken);
        return verified;
    }

    /// <summary>True when the roster's student has these last six ID characters: a bound student confirming an irreversible step.</summary>
    public async Task<bool> VerifyIdDigitsAsync(string school, string studentId, string idLast6, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var stored = await db.Students.AsNoTracking().Where(s => s.School == school && s.StudentId == studentId).Select(s => s.IdLast6Hash).FirstOrDefaultAsync(cancellationToken);
        var digits = _idDigits.Check(idLast6, stored);
        if (stored is null || !digits.Matches) return false;
        if (digits.NeedsRehash) await RehashAsync(db, school, studentId, stored, idLast6, cancellationToken);
        return true;
    }

    /// <summary>
    /// A row under the old PBKDF2 scheme or a previous key is re-hashed under the current key the first time its
    /// digits are proven right: the only moment the digits are in hand. Conditional on the old value, so a roster
    /// import that changed the digits meanwhile wins.
    /// </summary>
    private async Task RehashAsync(ClearanceDbContext db, string school, string studentId, string stored, string idLast6, CancellationToken cancellationToken)
    {
        var rehashed = _idDigits.Hash(idLast6);
        await db.Students
            .Where(s => s.School == school && s.StudentId == studentId && s.IdLast6Hash == stored)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.IdLast6Hash, rehashed), cancellationToken);
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
