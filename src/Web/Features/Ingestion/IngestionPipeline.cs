using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AssessmentEngine.Web.Features.Ingestion;

/// <summary>Bound from "Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Largest batch body accepted by the ingestion endpoints, in bytes (the rest of the API keeps Requests:MaxBodyBytes).</summary>
    public long MaxBodyBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Errors returned to the sender; the count covers all of them.</summary>
    public int MaxReportedErrors { get; set; } = 1000;

    /// <summary>Rows checked against the stored records and staged at a time.</summary>
    public int ChunkRows { get; set; } = 5000;
}

/// <summary>Who sends a batch and what they may reach: a person or token through the API, or a connector.</summary>
public sealed record IngestionSender(ActorKind Kind, long? Id, string Name, long? UnitId, string? Source = null);

/// <summary>What became of a batch. Refused: nothing of it was stored, and <see cref="Errors"/> says why, row by row.</summary>
public sealed record IngestionReport(
    Guid BatchId,
    string Kind,
    IngestionStatus Status,
    string RowNumbering,
    long Rows,
    long Accepted,
    long Duplicates,
    long ErrorCount,
    IReadOnlyList<RowError> Errors)
{
    public bool ErrorsTruncated => ErrorCount > Errors.Count;
}

/// <summary>
/// Ingests one batch all or nothing with constant memory (docs/adr/0014-ingestion-through-a-staging-table.md): in one
/// transaction every row is parsed, checked (types, officer in the sender's scope, duplicate external id, the domain's
/// own rules) and its valid rows are staged in a temporary table (binary COPY on PostgreSQL); reading goes on after an
/// error so that every error is reported. With any error the transaction rolls back; otherwise the staged rows move
/// into the fact table, skipping external ids already stored, and the batch record and audit entry commit with them.
/// </summary>
public sealed class IngestionPipeline(
    AssessmentDbContext db,
    AuditLog audit,
    IUnitHierarchy units,
    TimeProvider clock,
    IOptions<IngestionOptions> options,
    ILogger<IngestionPipeline> logger)
{
    private const string StagingTable = "ingest_stage";

    /// <summary>
    /// Reads and ingests the batch. <paramref name="beforeCommit"/> runs inside the data transaction of an accepted batch,
    /// with its counts (a connector advances its watermark and counts the page there, so page, watermark and counts
    /// commit together).
    /// </summary>
    public async Task<IngestionReport> IngestAsync(FactKind kind, BatchReader reader, string contentType, IngestionSender sender,
        Func<IngestionBatch, CancellationToken, Task>? beforeCommit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sender);
        var watch = Stopwatch.StartNew();
        var batch = new IngestionBatch
        {
            Id = Guid.CreateVersion7(),
            Kind = kind.Name,
            Source = sender.Source,
            ActorKind = sender.Kind.ToString(),
            ActorId = sender.Id,
            ActorName = sender.Name,
            UnitId = sender.UnitId,
            ContentType = contentType,
            ReceivedAt = clock.GetUtcNow(),
        };
        var errors = new ErrorList(options.Value.MaxReportedErrors);
        errors.AddRange(await reader.StartAsync(cancellationToken));
        if (errors.Count == 0)
        {
            var scope = await ScopeAsync(sender.UnitId, cancellationToken);
            var sqlite = db.Database.GetDbConnection() is SqliteConnection;
            // PostgreSQL: one transaction from the first staged row; its temporary table lives and dies with it. SQLite
            // has one writer at a time (and immediate transactions): there rows are staged in short deferred transactions
            // that write only this connection's temporary table, and the write transaction covers the final move only.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = sqlite ? null : await db.Database.BeginTransactionAsync(cancellationToken);
            var run = new BatchRun(db, options.Value.ChunkRows, kind, scope, errors);
            try
            {
                await run.StageAsync(reader, cancellationToken);
                batch.Rows = run.Rows;
                if (errors.Count == 0)
                {
                    var staged = watch.Elapsed;
                    await using var write = transaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
                    // Ids are taken from here to the commit; a run queued meanwhile waits for the commit before it fixes its cut-off.
                    await FactCutOffLock.TakeSharedAsync(db, cancellationToken);
                    var accepted = await run.MoveStagedAsync(cancellationToken);
                    batch.Accepted = accepted;
                    batch.Duplicates = run.Duplicates + (run.Staged - accepted); // a concurrent batch stored some of them first
                    if (beforeCommit is not null)
                        await beforeCommit(batch, cancellationToken);
                    Record(batch, IngestionStatus.Accepted, errors);
                    await db.SaveChangesAsync(cancellationToken);
                    await (transaction ?? write)!.CommitAsync(cancellationToken);
                    logger.LogInformation("Ingested {Kind} batch {Batch} from {Sender}: {Rows} rows, {Accepted} new, {Duplicates} duplicates in {Seconds:F2} s (read and check {Read:F2} s, of which looking up stored ids {Lookup:F2} s and staging {Stage:F2} s; insert and commit {Insert:F2} s)",
                        kind.Name, batch.Id, sender.Name, batch.Rows, batch.Accepted, batch.Duplicates, watch.Elapsed.TotalSeconds,
                        staged.TotalSeconds, run.LookupTime.TotalSeconds, run.StageTime.TotalSeconds, (watch.Elapsed - staged).TotalSeconds);
                    return Report(batch, reader, errors);
                }
                if (transaction is not null)
                    await transaction.RollbackAsync(cancellationToken);
            }
            finally
            {
                if (sqlite)
                    await db.Database.ExecuteSqlRawAsync($"DROP TABLE IF EXISTS temp.{StagingTable}", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }

        // Refused: the data rolled back; the record of the refusal is written on its own.
        db.ChangeTracker.Clear();
        Record(batch, IngestionStatus.Refused, errors);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Refused {Kind} batch {Batch} from {Sender}: {Rows} rows, {Errors} errors", kind.Name, batch.Id, sender.Name, batch.Rows, errors.Count);
        return Report(batch, reader, errors);
    }

    private void Record(IngestionBatch batch, IngestionStatus status, ErrorList errors)
    {
        batch.Status = status;
        batch.FinishedAt = clock.GetUtcNow();
        batch.Errors = errors.Count;
        batch.ErrorSummary = errors.Count == 0 ? null : errors.Summary();
        db.Add(batch);
        // The entry concerns the sender's unit, so an auditor of that unit reads it.
        audit.Concerning(batch.UnitId).Append("IngestBatch", nameof(IngestionBatch), batch.Id, before: null, after: new
        {
            batch.Kind,
            batch.Source,
            batch.ContentType,
            batch.Rows,
            batch.Accepted,
            batch.Duplicates,
            batch.Errors,
            Status = status.ToString(),
        }, batch.ActorName, Enum.Parse<ActorKind>(batch.ActorKind));
    }

    private static IngestionReport Report(IngestionBatch batch, BatchReader reader, ErrorList errors) =>
        new(batch.Id, batch.Kind, batch.Status, reader.RowNumbering, batch.Rows, batch.Accepted, batch.Duplicates, errors.Count, errors.Reported);

    /// <summary>The officers and units the sender may send facts about, loaded once per batch.</summary>
    private async Task<SenderScope> ScopeAsync(long? unitId, CancellationToken cancellationToken)
    {
        var reachable = unitId is { } root ? (await units.SubtreeAsync(root, cancellationToken)).ToList() : null;
        var officers = db.Officers.AsNoTracking();
        var unitRows = db.Units.AsNoTracking();
        if (reachable is not null)
        {
            officers = officers.Where(o => reachable.Contains(o.SquadId));
            unitRows = unitRows.Where(u => reachable.Contains(u.Id));
        }
        return new SenderScope(
            (await officers.Select(o => o.Id).ToListAsync(cancellationToken)).ToHashSet(),
            (await unitRows.Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet());
    }

    private sealed record SenderScope(HashSet<long> Officers, HashSet<long> Units);

    /// <summary>Errors in the order found: the first ones kept for the sender, all of them counted.</summary>
    private sealed class ErrorList(int max)
    {
        private readonly List<RowError> _reported = [];

        public long Count { get; private set; }

        public IReadOnlyList<RowError> Reported => _reported;

        public void Add(RowError error)
        {
            Count++;
            if (_reported.Count < max) _reported.Add(error);
        }

        public void AddRange(IEnumerable<RowError> errors)
        {
            foreach (var error in errors) Add(error);
        }

        public string Summary()
        {
            var text = new StringBuilder();
            foreach (var e in _reported.Take(20))
                text.Append("row ").Append(e.Row).Append(e.Field is null ? "" : $" {e.Field}").Append(": ").AppendLine(e.Message);
            if (Count > 20) text.Append("… ").Append(Count - 20).AppendLine(" more");
            return text.Length > 4000 ? text.ToString(0, 4000) : text.ToString();
        }
    }

    /// <summary>The state of one batch while its rows are read and staged.</summary>
    private sealed class BatchRun(AssessmentDbContext db, int chunkRows, FactKind kind, SenderScope scope, ErrorList errors)
    {
        private readonly AssessmentDbContext _db = db;
        private readonly Microsoft.EntityFrameworkCore.Metadata.IEntityType _entity = db.Model.FindEntityType(kind.EntityType)!;
        private readonly HashSet<string> _externalIds = new(StringComparer.Ordinal);
        private readonly List<(long Row, DutyFact Fact)> _chunk = [];
        private readonly int _officerField = kind.IndexOf(FactKind.OfficerIdField);
        private readonly int _unitField = kind.IndexOf(FactKind.UnitIdField);

        public long Rows { get; private set; }

        public long Duplicates { get; private set; }

        public long Staged { get; private set; }

        public TimeSpan LookupTime { get; private set; }

        public TimeSpan StageTime { get; private set; }

        private bool IsPostgres => _db.Database.GetDbConnection() is NpgsqlConnection;

        public async Task StageAsync(BatchReader reader, CancellationToken cancellationToken)
        {
            var (table, columns) = BulkInserter.ColumnsOf(_entity);
            var create = IsPostgres
                ? $"CREATE TEMP TABLE {StagingTable} ON COMMIT DROP AS SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\" WITH NO DATA"
                : $"CREATE TEMP TABLE {StagingTable} AS SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\" WHERE 0";
            if (!IsPostgres)
                await _db.Database.ExecuteSqlRawAsync($"DROP TABLE IF EXISTS temp.{StagingTable}", cancellationToken);
            await _db.Database.ExecuteSqlRawAsync(create, cancellationToken);
            try
            {
                await foreach (var row in reader.RowsAsync(cancellationToken))
                {
                    Rows++;
                    if (Check(row) is { } fact)
                    {
                        _chunk.Add((row.Number, fact));
                        if (_chunk.Count >= chunkRows)
                            await FlushAsync(cancellationToken);
                    }
                }
                await FlushAsync(cancellationToken);
            }
            catch (JsonException json)
            {
                errors.Add(RowError.Of(Rows, null, null, $"The JSON is malformed after row {Rows - 1}: {json.Message}"));
            }
            catch (DecoderFallbackException)
            {
                errors.Add(RowError.Of(Rows + 1, null, null, "The body is not valid UTF-8 text."));
            }
        }

        /// <summary>The row's entity, or null after recording why the row is refused.</summary>
        private DutyFact? Check(RawRow row)
        {
            var before = errors.Count;
            errors.AddRange(row.Errors);
            var values = new object?[kind.Fields.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var field = kind.Fields[i];
                if (field.TryParse(row.Values[i], out var value, out var error))
                    values[i] = value;
                else
                    errors.Add(RowError.Of(row.Number, field.Name, row.Values[i], error!));
            }
            // The officer, unit and external id are checked even when another field failed, so a row's every problem is reported at once.
            // Unknown and out-of-scope officers get the same answer: nothing tells what exists outside one's scope.
            if (_officerField >= 0 && values[_officerField] is long officer && !scope.Officers.Contains(officer))
                errors.Add(RowError.Of(row.Number, FactKind.OfficerIdField, row.Values[_officerField], $"Officer {officer} is unknown or outside your unit scope."));
            if (_unitField >= 0 && values[_unitField] is long unit && !scope.Units.Contains(unit))
                errors.Add(RowError.Of(row.Number, FactKind.UnitIdField, row.Values[_unitField], $"Unit {unit} is unknown or outside your unit scope."));
            if (values[0] is string externalId && !_externalIds.Add(externalId))
                errors.Add(RowError.Of(row.Number, FactKind.ExternalIdField, externalId, $"The external id '{externalId}' appears more than once in this batch."));
            if (errors.Count > before)
                return null;
            try
            {
                return kind.Build(new FieldValues(kind, values));
            }
            catch (DomainException refused)
            {
                errors.Add(RowError.Of(row.Number, null, null, refused.Message) with { Code = refused.Code, Arguments = refused.Arguments });
            }
            catch (OverflowException)
            {
                errors.Add(RowError.Of(row.Number, null, null, "A number is out of range."));
            }
            return null;
        }

        /// <summary>Sorts the chunk into duplicates of stored records, changed records (errors) and new ones, and stages the new ones.</summary>
        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_chunk.Count == 0)
                return;
            // On SQLite a deferred transaction per chunk: it writes only the temporary table, so it never holds the write lock.
            using var chunk = _db.Database.CurrentTransaction is null && _db.Database.GetDbConnection() is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : null;
            if (chunk is not null)
                await _db.Database.UseTransactionAsync(chunk, cancellationToken);
            try
            {
                await StageChunkAsync(cancellationToken);
                chunk?.Commit();
            }
            finally
            {
                if (chunk is not null)
                    await _db.Database.UseTransactionAsync(null, CancellationToken.None);
            }
        }

        private async Task StageChunkAsync(CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var stored = await kind.StoredAsync(_db, _chunk.Select(c => c.Fact.ExternalId).ToList(), cancellationToken);
            LookupTime += Stopwatch.GetElapsedTime(started);
            var fresh = new List<DutyFact>(_chunk.Count);
            foreach (var (row, fact) in _chunk)
            {
                if (!stored.TryGetValue(fact.ExternalId, out var existing))
                    fresh.Add(fact);
                else if (FactKind.SameContent(_entity, existing, fact))
                    Duplicates++;
                else
                    errors.Add(RowError.Of(row, FactKind.ExternalIdField, fact.ExternalId,
                        $"A record with external id '{fact.ExternalId}' is already stored with different values; a stored record is never replaced by re-sending it. Send a correction under a new external id."));
            }
            _chunk.Clear();
            // Once the batch is bound to be refused there is no point in staging more: only the errors matter.
            if (errors.Count == 0 && fresh.Count > 0)
            {
                started = Stopwatch.GetTimestamp();
                await kind.StageAsync(new BulkInserter(_db), fresh, StagingTable, cancellationToken);
                StageTime += Stopwatch.GetElapsedTime(started);
                Staged += fresh.Count;
            }
        }

        /// <summary>Moves the staged rows into the fact table; an external id stored meanwhile by another batch is skipped.</summary>
        public async Task<long> MoveStagedAsync(CancellationToken cancellationToken)
        {
            var (table, columns) = BulkInserter.ColumnsOf(_entity);
            var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
            var insert = IsPostgres
                ? $"INSERT INTO \"{table}\" ({list}) SELECT {list} FROM {StagingTable} ON CONFLICT (external_id) DO NOTHING"
                : $"INSERT OR IGNORE INTO \"{table}\" ({list}) SELECT {list} FROM temp.{StagingTable}";
            return Staged == 0 ? 0 : await _db.Database.ExecuteSqlRawAsync(insert, cancellationToken);
        }
    }
}
