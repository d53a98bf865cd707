using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// Stores a run's officer results set-based (docs/adr/0038): the application sends each chunk's results without their
/// lines and subtotals into a temporary table, and one <c>INSERT … SELECT</c> joins them with the staged rows, whose
/// lines and subtotals text goes to officer_results as it was staged, never read, parsed or written again by the
/// application. Runs inside the caller's transaction; the temporary table is the connection's own, so concurrent
/// finalisations on other connections never see it.
/// </summary>
internal sealed class StagedResultsTransfer(AssessmentDbContext db)
{
    private const string Heads = "officer_result_heads";

    private string? _insert;

    /// <summary>Creates the empty temporary table of result heads (officer_results' columns, no constraints but NOT NULL).</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (db.IsSqlite)
        {
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE IF EXISTS temp.{Heads}", cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"CREATE TEMP TABLE {Heads} AS SELECT * FROM officer_results WHERE 0", cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE IF EXISTS pg_temp.{Heads}", cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"CREATE TEMP TABLE {Heads} (LIKE officer_results INCLUDING DEFAULTS) ON COMMIT DROP", cancellationToken);
        }
        // The join looks a staged row's head up by officer: without an index SQLite would scan the heads per staged row.
        await db.Database.ExecuteSqlRawAsync($"CREATE INDEX ix_{Heads}_officer_id ON {Heads} (officer_id)", cancellationToken);
        _insert = InsertText();
    }

    /// <summary>
    /// Stores one chunk of results (in officer order, all of run <paramref name="runId"/>) with the lines and subtotals of
    /// their staged rows; the results' own lines and subtotals are not stored. Returns the rows stored.
    /// </summary>
    public async Task<int> StoreAsync(Guid runId, IReadOnlyList<OfficerResult> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var insert = _insert ?? throw new InvalidOperationException("The transfer has not begun.");
        if (chunk.Count == 0)
            return 0;
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM {Heads}", cancellationToken);
        await new BulkInserter(db).InsertAsync(chunk, Heads, cancellationToken);
        // The officer id range lets the staged rows be read by their primary key (run_id, officer_id), one index range per chunk.
        var stored = await db.Database.ExecuteSqlRawAsync(insert, [runId, chunk[0].OfficerId, chunk[^1].OfficerId], cancellationToken);
        if (stored != chunk.Count)
            throw new InvalidOperationException($"Run {runId}: {chunk.Count} officer results were built but {stored} staged rows matched them.");
        return stored;
    }

    /// <summary>Drops the temporary table (PostgreSQL would drop it at commit anyway; SQLite keeps it with the connection).</summary>
    public async Task EndAsync(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(db.IsSqlite ? $"DROP TABLE temp.{Heads}" : $"DROP TABLE pg_temp.{Heads}", cancellationToken);

    /// <summary>Every column of officer_results from the head, but lines and subtotals from the staged row.</summary>
    private string InsertText()
    {
        var results = db.Model.FindEntityType(typeof(OfficerResult))!;
        var staged = db.Model.FindEntityType(typeof(StagedOfficerScore))!;
        var stagedTable = staged.GetTableName()!;
        var (table, columns) = BulkInserter.ColumnsOf(results);
        var fromStaged = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [results.FindProperty("_lines")!.GetColumnName()] = staged.FindProperty(nameof(StagedOfficerScore.LinesJson))!.GetColumnName(),
            [results.FindProperty("_subtotals")!.GetColumnName()] = staged.FindProperty(nameof(StagedOfficerScore.SubtotalsJson))!.GetColumnName(),
        };
        var runId = staged.FindProperty(nameof(StagedOfficerScore.RunId))!.GetColumnName();
        var officerId = staged.FindProperty(nameof(StagedOfficerScore.OfficerId))!.GetColumnName();
        var select = columns.Select(c => fromStaged.TryGetValue(c, out var s) ? $"s.\"{s}\"" : $"h.\"{c}\"");
        return $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
               $"SELECT {string.Join(", ", select)} FROM \"{stagedTable}\" s JOIN {Heads} h ON h.officer_id = s.\"{officerId}\" " +
               $"WHERE s.\"{runId}\" = {{0}} AND s.\"{officerId}\" >= {{1}} AND s.\"{officerId}\" <= {{2}}";
    }
}
