using System.Text.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly DemoOptions Detachment = new() { Brigades = 3, SquadsPerBrigade = 2, OfficersPerSquad = 6, AuxiliariesPerSquad = 2, Period = October };

    [Fact]
    public async Task The_finaliser_holds_at_most_a_chunk_of_staged_rows_and_hands_every_officer_to_the_store_once_in_order()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        await new DemoSeeder(db).SeedAsync(Detachment, [October]);
        var catalog = new SchemeCatalog(new RuleEngine());
        await ShippedSchemes.ImportAsync(db, catalog, DateTimeOffset.UtcNow);
        var service = Service(db, catalog, RunFinalizer.DefaultChunkRows);
        var run = await service.QueueAsync(October);
        foreach (var part in await service.PartsAsync(run.Id))
            await service.RunPartAsync(run.Id, part.BrigadeId, "node-a");
        db.ChangeTracker.Clear();
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
