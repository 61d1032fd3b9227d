using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Clearance.Integrations.Records;

/// <summary>
/// Writes new rows of one entity type inside the context's open transaction without the change tracker: binary
/// <c>COPY</c> on PostgreSQL, one prepared <c>INSERT</c> reused per row on SQLite. Tables, columns and value conversions
/// (enums as camelCase text, details as JSON, SQLite's DateTimeOffset as ticks) come from the EF model, so a row written
/// here reads back through EF exactly as one EF wrote. Store-generated keys (the audit log's id) are left to the
/// database. Used by the roster import, where EF's per-entity insert of 400,000 rows was the cost.
/// </summary>
internal static class BulkInsert
{
    public static async Task WriteAsync<T>(ClearanceDbContext db, IReadOnlyCollection<T> entities, CancellationToken cancellationToken)
        where T : class
    {
        if (entities.Count == 0) return;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("bulk insert runs inside the caller's transaction");
        var table = Table.For<T>(db);
        switch (db.Database.GetDbConnection())
        {
            case NpgsqlConnection npgsql:
                await CopyAsync(npgsql, table, entities, cancellationToken);
                break;
            case SqliteConnection sqlite:
                Insert(sqlite, (SqliteTransaction)transaction, table, entities, cancellationToken);
                break;
            default:
                throw new NotSupportedException("bulk insert supports PostgreSQL and SQLite");
        }
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, Table table, IEnumerable<T> entities, CancellationToken cancellationToken)
        where T : class
    {
        // COPY runs in the connection's transaction; a failure (a duplicate key) aborts it like any statement would.
        var sql = $"COPY {Quote(table.Name)} ({string.Join(", ", table.Columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(sql, cancellationToken);
        foreach (var entity in entities)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in table.Columns)
            {
                switch (column.Value(entity))
                {
                    case null: await writer.WriteNullAsync(cancellationToken); break;
                    // Text is sent for varchar columns too: the binary form is the same.
                    case string s: await writer.WriteAsync(s, NpgsqlDbType.Text, cancellationToken); break;
                    case bool b: await writer.WriteAsync(b, NpgsqlDbType.Boolean, cancellationToken); break;
                    case DateTimeOffset t: await writer.WriteAsync(t, NpgsqlDbType.TimestampTz, cancellationToken); break;
                    case long l: await writer.WriteAsync(l, NpgsqlDbType.Bigint, cancellationToken); break;
                    case int i: await writer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken); break;
                    case var other: throw new NotSupportedException($"bulk insert: {table.Name}.{column.Name} is a {other.GetType().Name}");
                }
            }
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static void Insert<T>(SqliteConnection connection, SqliteTransaction transaction, Table table, IEnumerable<T> entities, CancellationToken cancellationToken)
        where T : class
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", table.Columns.Select(c => Quote(c.Name)))}) "
                              + $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
        var parameters = table.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, DBNull.Value))).ToArray();
        // Parsed once; each row only rebinds the values. Microsoft.Data.Sqlite's async calls are synchronous anyway.
        command.Prepare();
        var written = 0;
        foreach (var entity in entities)
        {
            if (++written % 1000 == 0) cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = table.Columns[i].Value(entity) ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Column(string Name, Func<object, object?> Value);

    private sealed record Table(string Name, IReadOnlyList<Column> Columns)
    {
        public static Table For<T>(DbContext db)
        {
            var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
            var name = type.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table");
            var store = StoreObjectIdentifier.Table(name, type.GetSchema());
            var columns = type.GetProperties()
                // The database numbers the audit log; every other value, defaults included, is written as given.
                .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))
                .Select(p =>
                {
                    var getter = p.GetGetter();
                    var converter = p.GetTypeMapping().Converter;
                    return new Column(p.GetColumnName(store) ?? p.Name, entity =>
                    {
                        var value = getter.GetClrValue(entity);
                        return value is null || converter is null ? value : converter.ConvertToProvider(value);
                    });
                })
                .ToList();
            return new Table(name, columns);
        }
    }
}
