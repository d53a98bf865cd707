using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>
/// Finalisation ranks from a narrow projection and then reads the staged rows back a chunk at a time (ADR 0029): it
/// must never hold more staged rows than a chunk, and a run finalised in small chunks must store exactly what a run
/// finalised in one chunk stores.
/// </summary>
public abstract class StreamingFinalizationTests : DatabaseTestBase
{
    private static readonly AssessmentPeriod August = AssessmentPeriod.Month(2026, 8);
    private static readonly AssessmentPeriod September = AssessmentPeriod.Month(2026, 9);
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly DemoOptions Detachment = new() { Brigades = 3, SquadsPerBrigade = 2, OfficersPerSquad = 6, AuxiliariesPerSquad = 2, Period = October };

    [Fact]
    public async Task The_finaliser_holds_at_most_a_chunk_of_staged_rows_and_hands_every_officer_to_the_store_once_in_order()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        var (catalog, run) = await StagedOctoberAsync(db);
        var staged = await db.StagedOfficerScores.AsNoTracking().Where(s => s.RunId == run.Id).OrderBy(s => s.OfficerId).Select(s => s.OfficerId).ToListAsync();
        staged.Should().HaveCount(48, "3 brigades × 2 squads × (6 officers + 2 auxiliaries) are staged");

        var finalizer = new RunFinalizer(db, chunkRows: 7);
        var chunks = new List<List<long>>();
        var totals = await finalizer.StreamAsync(run, await catalog.InForceAsync(db, October), (results, _) =>
        {
            chunks.Add(results.Select(r => r.OfficerId).ToList());
            return Task.CompletedTask;
        });

        finalizer.LargestChunk.Should().Be(7, "no read of staged rows holds more than a chunk");
        chunks.Select(c => c.Count).Should().Equal(7, 7, 7, 7, 7, 7, 6);
        chunks.SelectMany(c => c).Should().Equal(staged, "every staged officer is stored once, in officer order");
        (totals.Officers, totals.Auxiliaries, totals.Squads.Count).Should().Be((36, 12, 6));
        totals.Proposals.Should().NotBeEmpty("the demo month raises outcomes");
    }

    [Fact]
    public async Task A_run_finalised_in_chunks_of_five_stores_exactly_what_a_run_finalised_in_one_chunk_stores()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(Detachment, [October.Previous, October]);
        var catalog = new SchemeCatalog(new RuleEngine());
        await ShippedSchemes.ImportAsync(db, catalog, DateTimeOffset.UtcNow);

        var whole = await Service(db, catalog, RunFinalizer.DefaultChunkRows).EvaluateAsync(October, "node-a");
        db.ChangeTracker.Clear();
        var expected = await StoredResults.SnapshotAsync(db, whole.Id);
        var chunked = await Service(db, catalog, 5).EvaluateAsync(October, "node-b");

        chunked.Status.Should().Be(RunStatus.Completed);
        chunked.Statistics!.Officers.Should().Be(whole.Statistics!.Officers).And.Be(36);
        chunked.Statistics.Auxiliaries.Should().Be(whole.Statistics.Auxiliaries).And.Be(12);
        chunked.Statistics.Outcomes.Should().Be(whole.Statistics.Outcomes).And.BePositive();
        (await db.StagedOfficerScores.CountAsync(s => s.RunId == chunked.Id)).Should().Be(0, "finalisation removes what it staged");
        var snapshot = await StoredResults.SnapshotAsync(db, chunked.Id);
        snapshot.Should().Contain("\"Lines\"", "the comparison covers every stored line");
        snapshot.Should().Be(expected);
    }

    [Fact]
    public async Task Stored_results_equal_field_by_field_and_byte_for_byte_what_building_them_from_the_parsed_staged_rows_gives()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        var (catalog, run) = await StagedOctoberAsync(db);
        var staged = await db.StagedOfficerScores.AsNoTracking().Where(s => s.RunId == run.Id).ToListAsync();
        var stagedSquads = await db.StagedSquadScores.AsNoTracking().Where(s => s.RunId == run.Id).ToListAsync();
        // The former path: every staged row parsed into an OfficerResult with its lines, stored through EF's JSON columns.
        var former = (await new RunFinalizer(db).ComputeAsync(run, await catalog.InForceAsync(db, October), staged, stagedSquads, DateTimeOffset.UtcNow)).Officers;

        await Service(db, catalog, 7).FinalizeAsync(run.Id, "node-a");
        db.ChangeTracker.Clear();

        var stored = await db.OfficerResults.AsNoTracking().Where(r => r.RunId == run.Id).OrderBy(r => r.OfficerId).ToListAsync();
        var text = (await db.Database.SqlQueryRaw<StoredText>("SELECT officer_id AS \"OfficerId\", lines AS \"Lines\", subtotals AS \"Subtotals\" FROM officer_results").ToListAsync())
            .ToDictionary(t => t.OfficerId);
        stored.Select(r => r.OfficerId).Should().Equal(former.Select(r => r.OfficerId));
        stored.Should().HaveCount(48);
        foreach (var (now, then) in stored.Zip(former))
        {
            (now.BadgeNumber, now.Kind, now.Post, now.SquadId, now.Score, now.Grade, now.Vetoed).Should().Be((then.BadgeNumber, then.Kind, then.Post, then.SquadId, then.Score, then.Grade, then.Vetoed));
            (now.Rank, now.PeerGroupSize, now.Percentile).Should().Be((then.Rank, then.PeerGroupSize, then.Percentile));
            text[now.OfficerId].Lines.Should().Be(JsonSerializer.Serialize(then.Lines.ToList(), StoredJson), "officer {0}'s lines are stored byte for byte", now.OfficerId);
            text[now.OfficerId].Subtotals.Should().Be(JsonSerializer.Serialize(then.Subtotals.ToList(), StoredJson));
        }
        stored.Should().Contain(r => r.Lines.Count > 0 && r.Subtotals.Count > 0, "the demo month fires rules");
    }

    [Fact]
    public async Task No_query_of_a_finalisation_brings_staged_lines_or_subtotals_back_to_the_application()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        var (catalog, run) = await StagedOctoberAsync(db);
        var recorder = new CommandTexts();
        await using var watched = new AssessmentDbContext(PersistenceSetup.Configure(new DbContextOptionsBuilder<AssessmentDbContext>(), Database.Provider, Database.ConnectionString)
            .AddInterceptors(recorder).Options);

        var completed = await Service(watched, catalog, 5).FinalizeAsync(run.Id, "node-a");

        completed.Status.Should().Be(RunStatus.Completed);
        (await db.OfficerResults.CountAsync(r => r.RunId == run.Id)).Should().Be(48);
        // Squads (hundreds) are still built in the application; the officers' staged rows are what must stay put.
        var officerRows = recorder.Texts.Where(t => t.Contains("staged_officer_scores", StringComparison.Ordinal)).ToList();
        officerRows.Should().Contain(t => t.Contains("lines_json", StringComparison.Ordinal), "the staged lines are copied by the database");
        officerRows.Where(t => t.Contains("lines_json", StringComparison.Ordinal) || t.Contains("subtotals_json", StringComparison.Ordinal))
            .Should().OnlyContain(t => t.TrimStart().StartsWith("INSERT INTO", StringComparison.Ordinal), "a staged officer row's text never leaves the database");
    }

    [Fact]
    public async Task A_finalisation_that_fails_after_storing_officer_results_leaves_nothing_and_a_retry_stores_the_run_whole()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        var (catalog, run) = await StagedOctoberAsync(db);
        var service = Service(db, catalog, 5);

        // The squads are stored after every officer chunk: a missing table fails the transaction at its very end.
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE squad_results RENAME TO squad_results_away");
        var failing = () => service.FinalizeAsync(run.Id, "node-a");
        await failing.Should().ThrowAsync<Exception>();
        db.ChangeTracker.Clear();
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE squad_results_away RENAME TO squad_results");

        (await db.OfficerResults.CountAsync()).Should().Be(0, "no officer result of a failed finalisation is visible");
        (await db.StagedOfficerScores.CountAsync(s => s.RunId == run.Id)).Should().Be(48, "the staged rows stay for the retry");
        (await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id)).Status.Should().NotBe(RunStatus.Completed);

        var completed = await service.FinalizeAsync(run.Id, "node-b");

        completed.Status.Should().Be(RunStatus.Completed);
        (await db.OfficerResults.CountAsync(r => r.RunId == run.Id)).Should().Be(48);
        (await db.SquadResults.CountAsync(r => r.RunId == run.Id)).Should().Be(6);
        (await db.StagedOfficerScores.CountAsync(s => s.RunId == run.Id)).Should().Be(0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task History_read_per_chunk_of_officers_gives_the_outcomes_of_history_read_at_once(int chunkRows)
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await ConstructedBrigade.SeedAsync(db, [August, September, October]);
        // A2 (officer 2) is late on 22 more days every month: 74 points, below pass three months running.
        foreach (var month in new[] { August, September, October })
        {
            for (var day = 1; day <= 22; day++)
                db.AttendanceDays.Add(new AttendanceDay(0, 2, $"LATE-{month.Key}-{day}", month.FirstDay.AddDays(day - 1), AttendanceStatuses.Late, 5));
        }
        await db.SaveChangesAsync();
        var catalog = new SchemeCatalog(new RuleEngine());
        await ShippedSchemes.ImportAsync(db, catalog, TestSchemes.All, DateTimeOffset.UtcNow);
        var service = Service(db, catalog, RunFinalizer.DefaultChunkRows);
        await service.EvaluateAsync(August, "node-a");
        await service.EvaluateAsync(September, "node-a");
        db.ChangeTracker.Clear();
        var run = await service.QueueAsync(October);
        foreach (var part in await service.PartsAsync(run.Id))
            await service.RunPartAsync(run.Id, part.BrigadeId, "node-a");
        var schemes = await catalog.InForceAsync(db, October);

        var atOnce = new RunFinalizer(db);
        var reference = (await atOnce.StreamAsync(run, schemes, (_, _) => Task.CompletedTask)).Proposals;
        var chunked = new RunFinalizer(db, chunkRows);
        var proposals = (await chunked.StreamAsync(run, schemes, (_, _) => Task.CompletedTask)).Proposals;
        var staged = await db.StagedOfficerScores.AsNoTracking().Where(s => s.RunId == run.Id).ToListAsync();
        var stagedSquads = await db.StagedSquadScores.AsNoTracking().Where(s => s.RunId == run.Id).ToListAsync();
        var dryRun = (await new RunFinalizer(db, chunkRows).ComputeAsync(run, schemes, staged, stagedSquads, DateTimeOffset.UtcNow)).Proposals;

        reference.Should().Contain(p => p.SubjectId == 2 && p.Kind == OutcomeKind.Interview && p.Level == InterviewLevel.Committee, "A2's two earlier months below pass escalate the interview");
        atOnce.LargestHistory.Should().Be(12, "6 officers × 2 earlier months");
        proposals.Should().Equal(reference);
        dryRun.Should().Equal(reference, "a dry run reads the history by the same chunks");
        chunked.LargestHistory.Should().BeLessThanOrEqualTo(2 * chunkRows, "one read holds the history of one chunk's officers");
    }

    private static async Task<(SchemeCatalog Catalog, EvaluationRun Run)> StagedOctoberAsync(AssessmentDbContext db)
    {
        await new DemoSeeder(db).SeedAsync(Detachment, [October]);
        var catalog = new SchemeCatalog(new RuleEngine());
        await ShippedSchemes.ImportAsync(db, catalog, DateTimeOffset.UtcNow);
        var service = Service(db, catalog, RunFinalizer.DefaultChunkRows);
        var run = await service.QueueAsync(October);
        foreach (var part in await service.PartsAsync(run.Id))
            await service.RunPartAsync(run.Id, part.BrigadeId, "node-a");
        db.ChangeTracker.Clear();
        return (catalog, await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id));
    }

    private static readonly JsonSerializerOptions StoredJson = new(JsonSerializerDefaults.General) { WriteIndented = false };

    private sealed record StoredText(long OfficerId, string Lines, string Subtotals);

    /// <summary>Every command text the application sends, queries included.</summary>
    private sealed class CommandTexts : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public IReadOnlyCollection<string> Texts => _texts;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    private static EvaluationService Service(AssessmentDbContext db, SchemeCatalog catalog, int finalizeChunkRows) =>
        new(db, catalog, TimeProvider.System, Options.Create(new LinkedLiabilityOptions()), NullLogger<EvaluationService>.Instance,
            evaluation: Options.Create(new EvaluationOptions { ParallelParts = 1, FinalizeChunkRows = finalizeChunkRows }));

}

public sealed class StreamingFinalizationTestsOnSqlite : StreamingFinalizationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class StreamingFinalizationTestsOnPostgres : StreamingFinalizationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
