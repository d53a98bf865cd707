using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Ingestion;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace AssessmentEngine.Web.Tests.Ingestion;

/// <summary>PostgreSQL only: a large batch over HTTP, and a run's cut-off taken while a batch is between taking ids and committing.</summary>
public sealed class IngestionAtScaleTestsOnPostgres(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(DatabaseProvider.Postgres);
        await using var scope = App.Services.CreateAsyncScope();
        await ConstructedBrigade.SeedAsync(scope.ServiceProvider.GetRequiredService<AssessmentDbContext>(), [October]);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_of_100000_enforcement_rows_streamed_as_csv_is_accepted_whole()
    {
        const int Rows = 100_000;
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System, ConstructedBrigade.Brigade)).Secret);
        client.Timeout = TimeSpan.FromMinutes(10);
        var start = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.FromHours(8));
        using var content = new GeneratedCsvContent(
            "externalId,officerId,code,occurredAt,hasFootage,uploadDelayHours,penaltyIssued,penaltyDecisionNumber",
            Rows,
            i => string.Create(CultureInfo.InvariantCulture,
                $"BULK-{i},{1 + (i % 6)},{(i % 3 == 0 ? "parking" : "helmet")},{start.AddMinutes(i % 40_000):yyyy-MM-ddTHH:mm:sszzz},{(i % 10 != 0 ? "true" : "false")},{(i % 10 != 0 ? "1.5" : "")},{(i % 2 == 0 ? "true" : "false")},{(i % 2 == 0 ? $"D-{i}" : "")}"));
        content.Headers.ContentType = GeneratedCsvContent.Csv;

        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync(new Uri("/api/ingest/enforcement-actions", UriKind.Relative), content);
        watch.Stop();

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        var report = System.Text.Json.JsonSerializer.Deserialize<IngestionReport>(body, TestApp.Json)!;
        (report.Rows, report.Accepted, report.Duplicates, report.ErrorCount).Should().Be((Rows, Rows, 0, 0));
        await using var db = App.Database.CreateContext();
        (await db.EnforcementActions.CountAsync(e => e.ExternalId.StartsWith("BULK-"))).Should().Be(Rows);
        output.WriteLine($"ingest {Rows:N0} enforcement rows as CSV over HTTP into PostgreSQL: {watch.Elapsed.TotalSeconds:F2} s = {Rows / watch.Elapsed.TotalSeconds:N0} rows/s");
    }

    [Fact]
    public async Task A_run_queued_while_a_batch_is_inserting_waits_for_it_and_its_cut_off_covers_the_whole_batch()
    {
        await using (var scope = App.Services.CreateAsyncScope())
            await TestSchemes.ReplaceShippedAsync(scope.ServiceProvider.GetRequiredService<AssessmentDbContext>(), scope.ServiceProvider.GetRequiredService<SchemeCatalog>());

        // A batch between taking its ids and committing, as the pipeline is: the shared lock, then the insert.
        await using var batch = new NpgsqlConnection(App.Database.ConnectionString);
        await batch.OpenAsync();
        await using var transaction = await batch.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock_shared({FactCutOffLock.Key})", batch, transaction))
            await command.ExecuteNonQueryAsync();
        long heldId;
        await using (var command = new NpgsqlCommand(
            "INSERT INTO enforcement_actions (officer_id, code, occurred_at, has_footage, penalty_issued, external_id) VALUES (1, 'parking', now(), true, false, 'HELD-1') RETURNING id", batch, transaction))
            heldId = (long)(await command.ExecuteScalarAsync())!;
        // A later batch commits a higher id meanwhile (it would be read, and the held one skipped, without the lock).
        await using (var db = App.Database.CreateContext())
        {
            db.EnforcementActions.Add(new Domain.Facts.EnforcementAction(0, 1, "LATER-1", "parking", DateTimeOffset.UtcNow, true, null, false));
            await db.SaveChangesAsync();
        }

        var queued = Task.Run(async () =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<EvaluationService>().QueueAsync(October);
        });
        // The run's transaction asks for the exclusive lock and is made to wait: PostgreSQL shows the request not granted.
        await Eventually.UntilAsync(() => WaitingForTheCutOffLockAsync(batch, transaction), "the queued run to wait for the cut-off lock");
        queued.IsCompleted.Should().BeFalse("the cut-off waits for the batch that holds ids");
        await transaction.CommitAsync();
        var run = await queued.WaitAsync(TimeSpan.FromSeconds(30));

        run.Watermarks.Single(w => w.Fact == "enforcement_actions").MaxId.Should().BeGreaterThanOrEqualTo(heldId);
        await using var check = App.Database.CreateContext();
        (await check.EvaluationRuns.SingleAsync(r => r.Id == run.Id)).Status.Should().Be(RunStatus.Queued);
    }

    private static async Task<bool> WaitingForTheCutOffLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND objid = {FactCutOffLock.Key & 0xFFFF_FFFF}",
            connection, transaction);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
