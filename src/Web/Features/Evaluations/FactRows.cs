using System.Data.Common;
using System.Globalization;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// One fact row being read, column by column in the query's order after the first two (officer_id, id), which every
/// fact query selects first. Reading a column twice or out of order is a bug of the query's caller.
/// </summary>
internal abstract class FactRow
{
    private static readonly TimeSpan ShanghaiOffset = TimeSpan.FromHours(8);

    public long? OfficerIdOrNull { get; protected set; }

    public long OfficerId => OfficerIdOrNull ?? throw new InvalidOperationException("This fact row has no officer.");

    public long Id { get; protected set; }

    /// <summary>The codes read so far, each held once: see <see cref="Code"/>.</summary>
    protected Dictionary<string, string> Codes { get; } = new(StringComparer.Ordinal);

    public abstract string Text();

    /// <summary>
    /// A text column of few distinct values (a code, a status, a post): every row gets the same instance, so a brigade
    /// holds each code once instead of once per row, and the engine's string comparisons succeed on the reference check.
    /// </summary>
    public virtual string Code() => Known(Text());

    protected string Known(string text)
    {
        if (Codes.TryGetValue(text, out var known))
            return known;
        Codes.Add(text, text);
        return text;
    }

    public abstract string? NullableText();

    public abstract long? NullableLong();

    public abstract int Int();

    public abstract double Double();

    public abstract double? NullableDouble();

    public abstract bool Bool();

    public abstract DateOnly Day();

    public abstract Guid? NullableGuid();

    public abstract DateTimeOffset Instant();

    public abstract DateTimeOffset? NullableInstant();

    /// <summary>Instants are handed out at +08:00 as EF's converters do (StoreConventions), so rules see the same values.</summary>
    protected static DateTimeOffset Shanghai(DateTimeOffset instant) => instant.ToOffset(ShanghaiOffset);
}

/// <summary>
/// Reads fact rows beside EF (docs/adr/0025): PostgreSQL through binary COPY, SQLite through a plain data reader, both
/// straight into the evaluation's views (docs/adr/0037). Queries are built from values this process owns (ids, instants, period keys),
/// written as literals because COPY takes no parameters.
/// </summary>
internal abstract class FactRows : IAsyncDisposable
{
    private readonly AssessmentDbContext _db;

    private FactRows(AssessmentDbContext db) => _db = db;

    protected DbConnection Connection => _db.Database.GetDbConnection();

    protected DbTransaction? Transaction => _db.Database.CurrentTransaction?.GetDbTransaction();

    public static async Task<FactRows> OpenAsync(AssessmentDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (db.IsSqlite)
            return new SqliteRows(db);
        var rows = new PostgresRows(db);
        await rows.UsePlainPlansAsync(cancellationToken);
        return rows;
    }

    /// <summary>A parenthesised list of ids for IN; an empty list matches nothing.</summary>
    public static string Ids(IEnumerable<long> ids)
    {
        var list = string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return list.Length == 0 ? "(NULL)" : "(" + list + ")";
    }

    public abstract string Instant(DateTimeOffset instant);

    public abstract string Day(DateOnly day);

    /// <summary>Runs <paramref name="sql"/> and hands every row to <paramref name="read"/>, which reads the columns it needs.</summary>
    public abstract Task ReadAsync(string sql, Action<FactRow> read, CancellationToken cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await BeforeCloseAsync();
        await _db.Database.CloseConnectionAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual Task BeforeCloseAsync() => Task.CompletedTask;

    private sealed class PostgresRows(AssessmentDbContext db) : FactRows(db)
    {
        private string? _jit;
        private string? _parallelWorkers;

        /// <summary>
        /// A brigade's id list makes every fact query look costly to the planner: it would JIT-compile each one and start
        /// parallel workers, which cost more CPU than the plain scan they speed up (docs/adr/0035). The session's own
        /// settings are put back when the rows are closed.
        /// </summary>
        public async Task UsePlainPlansAsync(CancellationToken cancellationToken)
        {
            (_jit, _parallelWorkers) = await SettingsAsync("SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')", cancellationToken);
            await SettingsAsync("SELECT set_config('jit', 'off', false), set_config('max_parallel_workers_per_gather', '0', false)", cancellationToken);
        }

        protected override async Task BeforeCloseAsync()
        {
            if (_jit is null || _parallelWorkers is null)
                return;
            try
            {
                await SettingsAsync("SELECT set_config('jit', $1, false), set_config('max_parallel_workers_per_gather', $2, false)", CancellationToken.None, _jit, _parallelWorkers);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InFailedSqlTransaction)
            {
                // A failed read aborted the caller's transaction; its rollback undoes our settings as well.
            }
        }

        private async Task<(string, string)> SettingsAsync(string sql, CancellationToken cancellationToken, params string[] values)
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = Transaction;
            foreach (var value in values)
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetString(0), reader.GetString(1));
        }

        public override string Instant(DateTimeOffset instant) => $"'{instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00'::timestamptz";

        public override string Day(DateOnly day) => $"DATE '{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";

        public override async Task ReadAsync(string sql, Action<FactRow> read, CancellationToken cancellationToken)
        {
            var connection = (NpgsqlConnection)Connection;
            await using var stream = await connection.BeginRawBinaryCopyAsync($"COPY ({sql}) TO STDOUT (FORMAT BINARY)", cancellationToken);
            using var row = new BinaryCopyRow(stream);
            while (await row.NextAsync(cancellationToken))
                read(row);
        }
    }

    private sealed class SqliteRows(AssessmentDbContext db) : FactRows(db)
    {
        // Instants are Unix milliseconds and days ISO text on SQLite (StoreConventions, EF's DateOnly mapping).
        public override string Instant(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        public override string Day(DateOnly day) => $"'{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";

        public override async Task ReadAsync(string sql, Action<FactRow> read, CancellationToken cancellationToken)
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = Transaction;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new ReaderRow(reader);
            while (await reader.ReadAsync(cancellationToken))
            {
                row.Start();
                read(row);
            }
        }

        private sealed class ReaderRow(DbDataReader reader) : FactRow
        {
            private int _column;

            public void Start()
            {
                _column = 0;
                OfficerIdOrNull = NullableLong();
                Id = reader.GetInt64(_column++);
            }

            public override string Text() => reader.GetString(_column++);

            public override string? NullableText() => Null() ? null : Text();

            public override long? NullableLong() => Null() ? null : reader.GetInt64(_column++);

            public override int Int() => reader.GetInt32(_column++);

            public override double Double() => reader.GetDouble(_column++);

            public override double? NullableDouble() => Null() ? null : Double();

            public override bool Bool() => reader.GetBoolean(_column++);

            public override DateOnly Day() => DateOnly.ParseExact(reader.GetString(_column++), "yyyy-MM-dd", CultureInfo.InvariantCulture);

            public override Guid? NullableGuid() => Null() ? null : reader.GetGuid(_column++);

            public override DateTimeOffset Instant() => Shanghai(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(_column++)));

            public override DateTimeOffset? NullableInstant() => Null() ? null : Instant();

            private bool Null()
            {
                if (!reader.IsDBNull(_column))
                    return false;
                _column++;
                return true;
            }
        }
    }
}
