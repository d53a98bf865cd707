using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// Keeps a run's data cut-off from falling between the ids of a batch that is not yet committed (docs/adr/0013): on
/// PostgreSQL identity values are handed out before commit, so ingestion holds this advisory lock shared while it
/// inserts facts, and queuing a run holds it exclusively while it reads the highest ids. Transaction-scoped: released at
/// commit or rollback. SQLite serialises writers, so there is nothing to do there.
/// </summary>
internal static class FactCutOffLock
{
    /// <summary>An arbitrary key, the same on every node; "AE fact cut-off".</summary>
    public const long Key = 0x4145_4643_0013;

    /// <summary>Held by a transaction that inserts facts; many at once, none while a cut-off is taken.</summary>
    public static Task TakeSharedAsync(Persistence.AssessmentDbContext db, CancellationToken cancellationToken) =>
        TakeAsync(db, "pg_advisory_xact_lock_shared", cancellationToken);

    /// <summary>Held while a run reads its watermarks: waits until every inserting transaction has committed.</summary>
    public static Task TakeExclusiveAsync(Persistence.AssessmentDbContext db, CancellationToken cancellationToken) =>
        TakeAsync(db, "pg_advisory_xact_lock", cancellationToken);

    private static async Task TakeAsync(Persistence.AssessmentDbContext db, string function, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("The fact cut-off lock is transaction-scoped: take it inside a transaction.");
        if (db.Database.GetDbConnection() is NpgsqlConnection)
        {
            var sql = $"SELECT {function}({Key})"; // both parts are constants of this class
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }
}
