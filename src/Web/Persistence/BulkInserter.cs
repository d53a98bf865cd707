using System.Buffers.Binary;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
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
/// run it inside one to get all-or-nothing. Tables whose columns are all plain numbers, booleans, uuids and text
/// without a converter (the run's staging tables) are written in COPY's binary format directly, one typed read per
/// value; the others through Npgsql's importer, which resolves every value's type as it writes it.
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

    /// <summary>Whether rows of <paramref name="entity"/> are written in COPY's binary format by this class rather than through Npgsql's importer.</summary>
    internal static bool WritesCopyFormat(IEntityType entity) => BulkTable.For(entity).Raw is not null;

    private static async Task<long> CopyAsync<TEntity>(NpgsqlConnection connection, BulkTable table, IEnumerable<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        if (table.Raw is { } raw)
            return await RawCopyAsync(connection, $"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)", raw, rows, cancellationToken);
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

    private static async Task<long> RawCopyAsync<TEntity>(NpgsqlConnection connection, string copy, IReadOnlyList<RawField> fields, IEnumerable<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        await using var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken);
        long count = 0;
        try
        {
            var output = new CopyOutput(stream);
            foreach (var row in rows)
            {
                output.StartRow(fields.Count);
                foreach (var field in fields)
                    field(row, output);
                output.EndRow();
                if ((++count & 0xFFFF) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
            }
            output.Finish();
        }
        catch
        {
            // Ends the COPY without a row of it stored, so the connection stays usable for the caller's rollback.
            await stream.CancelAsync();
            throw;
        }
        // Disposing completes the COPY: the server's refusal of a row surfaces here.
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

    /// <summary>Writes one column of a row in COPY's binary format.</summary>
    private delegate void RawField(object row, CopyOutput output);

    /// <summary>The table's columns and, when every column has a plain type, their writers in COPY's binary format.</summary>
    private sealed record BulkTable(string Name, IReadOnlyList<BulkColumn> Columns, IReadOnlyList<RawField>? Raw = null)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, BulkTable> Cache = new();

        public static BulkTable For(IEntityType entity) => Cache.GetOrAdd(entity, Build);

        private static BulkTable Build(IEntityType entity)
        {
            var table = entity.GetTableName() ?? throw new InvalidOperationException($"{entity.DisplayName()} has no table.");
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = new List<BulkColumn>();
            var raw = new List<RawField>();
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
                if (raw is not null && converter is null && RawFieldOf(entity.ClrType, property.PropertyInfo, property.GetRelationalTypeMapping().StoreTypeNameBase) is { } field)
                    raw.Add(field);
                else
                    raw = null;
            }
            return new BulkTable(table, columns, raw);
        }

        /// <summary>A writer for the column when its CLR type and PostgreSQL type are ones the COPY format is written for here.</summary>
        private static RawField? RawFieldOf(Type entity, PropertyInfo? property, string storeType)
        {
            if (property?.GetMethod is null)
                return null;
            var clr = property.PropertyType;
            return storeType switch
            {
                "bigint" when clr == typeof(long) => Field<long>(entity, property, (v, o) => o.Int64(v)),
                "bigint" when clr == typeof(long?) => Field<long?>(entity, property, (v, o) => { if (v is { } x) o.Int64(x); else o.Null(); }),
                "integer" when clr == typeof(int) => Field<int>(entity, property, (v, o) => o.Int32(v)),
                "integer" when clr == typeof(int?) => Field<int?>(entity, property, (v, o) => { if (v is { } x) o.Int32(x); else o.Null(); }),
                "double precision" when clr == typeof(double) => Field<double>(entity, property, (v, o) => o.Double(v)),
                "double precision" when clr == typeof(double?) => Field<double?>(entity, property, (v, o) => { if (v is { } x) o.Double(x); else o.Null(); }),
                "boolean" when clr == typeof(bool) => Field<bool>(entity, property, (v, o) => o.Bool(v)),
                "uuid" when clr == typeof(Guid) => Field<Guid>(entity, property, (v, o) => o.Uuid(v)),
                "uuid" when clr == typeof(Guid?) => Field<Guid?>(entity, property, (v, o) => { if (v is { } x) o.Uuid(x); else o.Null(); }),
                "text" or "character varying" when clr == typeof(string) => Field<string?>(entity, property, (v, o) => o.Text(v)),
                _ => null,
            };
        }

        /// <summary>A compiled, typed read of the property (no boxing) handed to <paramref name="write"/>.</summary>
        private static RawField Field<T>(Type entity, PropertyInfo property, Action<T, CopyOutput> write)
        {
            var row = Expression.Parameter(typeof(object), "row");
            var read = Expression.Lambda<Func<object, T>>(Expression.Property(Expression.Convert(row, entity), property), row).Compile();
            return (r, output) => write(read(r), output);
        }
    }

    /// <summary>
    /// PostgreSQL's binary COPY format (header, per row a field count, per field its length and big-endian bytes,
    /// trailer) buffered into one array that is handed to the COPY stream as it fills.
    /// </summary>
    private sealed class CopyOutput
    {
        private const int FlushAt = 60 * 1024;

        // Strict like Npgsql's own text encoding: an unpaired surrogate is refused, not replaced.
        private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly Stream _stream;
        private byte[] _buffer = new byte[64 * 1024];
        private int _length;

        public CopyOutput(Stream stream)
        {
            _stream = stream;
            // The signature "PGCOPY\n\377\r\n\0", then zero flags and a header extension of zero bytes.
            ReadOnlySpan<byte> signature = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
            signature.CopyTo(_buffer);
            _length = signature.Length;
        }

        public void StartRow(int fields)
        {
            Reserve(2);
            BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), (short)fields);
            _length += 2;
        }

        public void EndRow()
        {
            if (_length >= FlushAt)
                Flush();
        }

        /// <summary>Writes the trailer and hands everything left to the stream.</summary>
        public void Finish()
        {
            Reserve(2);
            BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
            _length += 2;
            Flush();
        }

        public void Null()
        {
            Reserve(4);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
            _length += 4;
        }

        public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Field(8), value);

        public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Field(4), value);

        public void Double(double value) => BinaryPrimitives.WriteDoubleBigEndian(Field(8), value);

        public void Bool(bool value) => Field(1)[0] = value ? (byte)1 : (byte)0;

        public void Uuid(Guid value) => value.TryWriteBytes(Field(16), bigEndian: true, out _);

        public void Text(string? value)
        {
            if (value is null)
                Null();
            else
                Utf8.GetBytes(value, Field(Utf8.GetByteCount(value)));
        }

        /// <summary>Writes the field's length and returns the space for its bytes.</summary>
        private Span<byte> Field(int size)
        {
            Reserve(4 + size);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), size);
            var span = _buffer.AsSpan(_length + 4, size);
            _length += 4 + size;
            return span;
        }

        private void Reserve(int size)
        {
            if (_length + size <= _buffer.Length)
                return;
            Flush();
            if (size > _buffer.Length)
                _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        }

        // The stream copies into Npgsql's own buffer and sends it when that is full: synchronous writes cost least here.
        private void Flush()
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }
    }
}
