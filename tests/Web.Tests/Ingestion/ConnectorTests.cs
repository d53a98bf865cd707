using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Connectors;
using AssessmentEngine.Web.Features.Ingestion;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Ingestion;

/// <summary>
/// A connector pulling recorded pages from a platform on a loopback port: a pull killed mid-way resumes after the
/// last stored page with nothing lost or doubled; transient failures are retried with back-off; a platform that
/// keeps failing leaves a failed run, with its attempts and error, in the history the API shows.
/// </summary>
public abstract class ConnectorTests : IAsyncLifetime
{
    private const string Name = "bodycam";
    private FakePlatform? _platform;
    private TestApp? _app;

    protected abstract DatabaseProvider Provider { get; }

    private FakePlatform Platform => _platform!;

    private TestApp App => _app!;

    public async Task InitializeAsync()
    {
        _platform = await FakePlatform.StartAsync();
        _app = await TestApp.StartAsync(Provider, new Dictionary<string, string>
        {
            [$"Connectors:{Name}:BaseUrl"] = Platform.BaseUrl.ToString(),
            [$"Connectors:{Name}:Kinds:0"] = FakePlatform.Kind,
            [$"Connectors:{Name}:PageSize"] = "4",
            [$"Connectors:{Name}:UnitId"] = ConstructedBrigade.Brigade.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"Connectors:{Name}:ApiKey"] = FakePlatform.ApiKey,
            [$"Connectors:{Name}:MaxAttempts"] = "3",
            [$"Connectors:{Name}:Backoff"] = "00:00:00.100",
            [$"Connectors:{Name}:BackoffFactor"] = "2",
            // The scheduler runs for "pull now"; the connector has no interval and no evaluation catches up.
            ["Scheduling:Enabled"] = "true",
            ["Scheduling:CatchUpMonths"] = "0",
        });
        await using var scope = App.Services.CreateAsyncScope();
        await ConstructedBrigade.SeedAsync(scope.ServiceProvider.GetRequiredService<AssessmentDbContext>(), [AssessmentPeriod.Month(2026, 10)]);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_platform is not null) await _platform.DisposeAsync();
    }

    [Fact]
    public async Task A_pull_killed_on_page_3_of_5_resumes_after_page_2_and_stores_every_recorded_item_exactly_once()
    {
        var recorded = Platform.AllItems.Select(i => i.GetProperty("externalId").GetString()!).ToList();
        var afterPage2 = "seq-000008";
        Platform.HangOnceAfter = afterPage2;

        using var kill = new CancellationTokenSource();
        var first = PullAsync(kill.Token);
        await Platform.HangReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await kill.CancelAsync();
        await FluentActions.Awaiting(() => first).Should().ThrowAsync<OperationCanceledException>();

        await using (var db = App.Database.CreateContext())
        {
            (await BodycamIdsAsync(db)).Should().Equal(recorded.Take(8), "pages 1 and 2 were stored with their watermark, page 3 not at all");
            (await db.Set<ConnectorState>().SingleAsync()).Watermark.Should().Be(afterPage2);
            (await db.Set<ConnectorRun>().SingleAsync()).Status.Should().Be(ConnectorRunStatus.Cancelled);
        }

        var second = await PullAsync(CancellationToken.None);

        second.Status.Should().Be(ConnectorRunStatus.Succeeded);
        (second.Pages, second.Accepted, second.Duplicates).Should().Be((3, 12L, 0L));
        await using (var db = App.Database.CreateContext())
            (await BodycamIdsAsync(db)).Should().Equal(recorded, "nothing lost, nothing doubled");
        Platform.Requests.Should().Equal("", "seq-000004", afterPage2, afterPage2, "seq-000012", "seq-000016");
    }

    [Fact]
    public async Task A_platform_answering_503_twice_is_retried_with_back_off_and_the_pull_succeeds()
    {
        Platform.FailNext(2, HttpStatusCode.ServiceUnavailable);

        var watch = Stopwatch.StartNew();
        var run = await PullAsync(CancellationToken.None);

        run.Status.Should().Be(ConnectorRunStatus.Succeeded);
        (run.Pages, run.Accepted, run.Attempts, run.Retries).Should().Be((5, 20L, 7, 2));
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(300), "it waited 100 ms, then 200 ms");
        run.Error.Should().Contain("503");
        var auditor = await App.SignInAsync(Role.Auditor);
        var runs = await auditor.GetFromJsonAsync<List<ConnectorRunView>>($"/api/connectors/{Name}/runs", TestApp.Json);
        runs.Should().ContainSingle().Which.Should().Match<ConnectorRunView>(r => r.Status == ConnectorRunStatus.Succeeded && r.Retries == 2);
    }

    [Fact]
    public async Task A_platform_that_keeps_failing_leaves_a_failed_run_with_its_attempts_and_error_in_the_history()
    {
        Platform.AlwaysFail = HttpStatusCode.InternalServerError;

        var run = await PullAsync(CancellationToken.None);

        run.Status.Should().Be(ConnectorRunStatus.Failed);
        run.Attempts.Should().Be(3);
        run.Error.Should().Contain("500").And.Contain("Gave up after 3 attempts");
        var inspector = await App.SignInAsync(Role.Inspector);
        var connectors = await inspector.GetFromJsonAsync<List<ConnectorView>>("/api/connectors", TestApp.Json);
        var bodycam = connectors.Should().ContainSingle().Subject;
        bodycam.LastRun!.Status.Should().Be(ConnectorRunStatus.Failed);
        bodycam.LastRun.Error.Should().Contain("500");
        bodycam.States.Should().ContainSingle().Which.Watermark.Should().BeNull("nothing was read");
        var history = await inspector.GetFromJsonAsync<List<ConnectorRunView>>($"/api/connectors/{Name}/runs", TestApp.Json);
        history.Should().ContainSingle().Which.Attempts.Should().Be(3);
        (await inspector.GetAsync(new Uri("/api/connectors/nonesuch/runs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var squadInspector = await App.SignInAsync(Role.Inspector, ConstructedBrigade.SquadA);
        (await squadInspector.GetFromJsonAsync<List<ConnectorView>>("/api/connectors", TestApp.Json)).Should().BeEmpty("the connector reports on the whole brigade");
    }

    [Fact]
    public async Task Connector_pages_are_recorded_as_batches_of_their_source()
    {
        await PullAsync(CancellationToken.None);
        await PullAsync(CancellationToken.None);

        await using var db = App.Database.CreateContext();
        var batches = await db.Set<IngestionBatch>().Where(b => b.Source == Name).ToListAsync();
        batches.Should().HaveCount(5).And.OnlyContain(b => b.Status == IngestionStatus.Accepted && b.ActorName == $"connector:{Name}" && b.UnitId == ConstructedBrigade.Brigade);
        (await BodycamIdsAsync(db)).Should().HaveCount(20);
        Platform.Requests.Should().HaveCount(6, "the second pull asked once after the last watermark and got nothing new");
    }

    [Fact]
    public async Task Pull_now_runs_the_connectors_job_on_the_scheduler_and_the_run_appears_in_its_history()
    {
        var inspector = await App.SignInAsync(Role.Inspector);

        var response = await inspector.PostAsync(new Uri($"/api/connectors/{Name}/pull", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().Should().Be($"/api/connectors/{Name}/runs");
        var runs = await Eventually.UntilAsync(
            () => inspector.GetFromJsonAsync<List<ConnectorRunView>>($"/api/connectors/{Name}/runs", TestApp.Json),
            r => r is [{ Status: ConnectorRunStatus.Succeeded }], "the pull's run to succeed");
        runs.Should().ContainSingle().Which.Should().Match<ConnectorRunView>(r => r.Status == ConnectorRunStatus.Succeeded && r.Accepted == 20 && r.Node != null);
        (await inspector.PostAsync(new Uri("/api/connectors/nonesuch/pull", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<ConnectorRun> PullAsync(CancellationToken cancellationToken)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConnectorPuller>().PullAsync(Name, "test-node", cancellationToken);
    }

    private static Task<List<string>> BodycamIdsAsync(AssessmentDbContext db) =>
        db.EnforcementActions.Where(e => e.ExternalId.StartsWith("BC-")).OrderBy(e => e.ExternalId).Select(e => e.ExternalId).ToListAsync();
}

public sealed class ConnectorTestsOnSqlite : ConnectorTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class ConnectorTestsOnPostgres : ConnectorTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
