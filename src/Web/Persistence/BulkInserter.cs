using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal.Mapping;
using NpgsqlTypes;

namespace AssessmentEngine.Web.Persistence;

/// <summary>
/// Inserts many rows of one mapped entity type without change tracking: binary COPY on PostgreSQL, one prepared
/// statement on SQLite. Column names, value converters and store types come from the EF model, so bulk rows and
/// EF rows are stored identically. Store-generated keys are left to the database. The caller owns the transaction:
/// run it inside one to get all-or-nothing.
/// </summary>
public sealed class BulkInserter(AssessmentDbContext db)
{
    public Task<long> InsertAsync<TEntity>(IEnumerable<TEntity> rows, CancellationToken cancellationToken = default)
        where TEntity : class =>
        InsertAsync(rows, table: null, cancellationToken);

    /// <summary>Inserts into <paramref name="table"/> (e.g. a staging table with the entity's columns) instead of the entity's own table.</summary>
    public async Task<long> InsertAsync<TEntity>(IEnumerable<TEntity> rows, string? table, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        var mapped = BulkTable.For(db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped."));
        var target = table is null ? mapped : mapped with { Name = table };
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);
        return connection switch
        {
            NpgsqlConnection npgsql => await CopyAsync(npgsql, target, rows, cancellationToken),
            SqliteConnection sqlite => Insert(sqlite, db.Database.CurrentTransaction?.GetDbTransaction(), target, rows, cancellationToken),
            _ => throw new NotSupportedException($"Bulk insert is not implemented for {connection.GetType().Name}."),
        };
    }

    /// <summary>The table and the columns a bulk insert of the entity writes (every mapped column but a store-generated key).</summary>
    internal static (string Table, IReadOnlyList<string> Columns) ColumnsOf(IEntityType entity)
    {
        var table = BulkTable.For(entity);
        return (table.Name, table.Columns.Select(c => c.Name).ToList());
    }

    private static async Task<long> CopyAsync<TEntity>(NpgsqlConnection connection, BulkTable table, IEnumerable<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long count = 0;
        foreach (var row in rows)
        {
            // The synchronous writes are several times faster than the async ones; COPY buffers internally.
            importer.StartRow();
            foreach (var column in table.Columns)
            {
                var value = column.Read(row);
                if (value is null)
                    importer.WriteNull();
                else if (column.NpgsqlType == NpgsqlDbType.Unknown)
                    importer.Write(value);
                else
                    importer.Write(value, column.NpgsqlType);
            }
            if ((++count & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
        }
        await importer.CompleteAsync(cancellationToken);
        return count;
    }

    private static long Insert<TEntity>(SqliteConnection connection, DbTransaction? transaction, BulkTable table, IEnumerable<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)transaction;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) " +
                              $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
        var parameters = table.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        command.Prepare();
        long count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
                parameters[i].Value = table.Columns[i].Read(row) ?? DBNull.Value;
            command.ExecuteNonQuery();
            if ((++count & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
        }
        return count;
    }

    private sealed record BulkColumn(string Name, Func<object, object?> Read, NpgsqlDbType NpgsqlType);

    private sealed record BulkTable(string Name, IReadOnlyList<BulkColumn> Columns)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, BulkTable> Cache = new();

        public static BulkTable For(IEntityType entity) => Cache.GetOrAdd(entity, Build);

        private static BulkTable Build(IEntityType entity)
        {
            var table = entity.GetTableName() ?? throw new InvalidOperationException($"{entity.DisplayName()} has no table.");
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = new List<BulkColumn>();
            foreach (var property in entity.GetProperties())
            {
                if (property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never)
                    continue;
                var getter = property.GetGetter();
                var converter = property.GetTypeMapping().Converter;
                Func<object, object?> read = converter is null
                    ? getter.GetClrValueUsingContainingEntity
                    : entity => getter.GetClrValueUsingContainingEntity(entity) is { } v ? converter.ConvertToProvider(v) : null;
                var npgsqlType = property.GetRelationalTypeMapping() is NpgsqlTypeMapping mapping ? mapping.NpgsqlDbType : NpgsqlDbType.Unknown;
                columns.Add(new BulkColumn(property.GetColumnName(store)!, read, npgsqlType));
            }
            return new BulkTable(table, columns);
        }
    }
}
