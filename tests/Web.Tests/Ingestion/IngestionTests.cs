using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Ingestion;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Ingestion;

/// <summary>The app over the constructed brigade (officers 1–3 in squad A 101, 4–6 in squad B 102), shared by a test class.</summary>
public abstract class IngestionApp : TestAppFixture
{
    // A small API limit shows that batches have their own, larger one.
    // Chunks of 3 rows make every batch here cross chunk boundaries.
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["Requests:MaxBodyBytes"] = "4096", ["Ingestion:ChunkRows"] = "3" };

    /// <summary>The SQL the app sent: shows when the server has reached a step of a batch.</summary>
    public CommandRecorder Commands { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(Commands);

    public async Task SeedAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        await ConstructedBrigade.SeedAsync(scope.ServiceProvider.GetRequiredService<AssessmentDbContext>(), [AssessmentPeriod.Month(2026, 10)]);
    }
}

public sealed class SqliteIngestionApp : IngestionApp
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresIngestionApp : IngestionApp
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Batches over real HTTP into a real database: all or nothing, every error with its row and field, idempotent by external id.</summary>
public abstract class IngestionTests : IAsyncLifetime
{
    /// <summary>The command that opens a batch's staging table: the server has begun to read the batch.</summary>
    private const string StagingStarts = "CREATE TEMP TABLE ingest_stage";
    private const string Header = "externalId,officerId,code,occurredAt,hasFootage,uploadDelayHours,penaltyIssued,penaltyDecisionNumber";
    private readonly IngestionApp _fixture;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    protected IngestionTests(IngestionApp fixture)
    {
        _fixture = fixture;
    }

    private TestApp App => _fixture.App;

    public async Task InitializeAsync()
    {
        await using var db = App.Database.CreateContext();
        if (!await db.Officers.AnyAsync())
            await _fixture.SeedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_csv_with_bad_rows_is_refused_whole_with_every_bad_row_and_field_and_the_refusal_is_recorded_and_audited()
    {
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System, ConstructedBrigade.Brigade)).Secret);
        client.DefaultRequestHeaders.AcceptLanguage.Clear(); // no language chosen: the report speaks Chinese like the pages
        var csv = $"""
            {Header}
            {_tag}-1,1,parking,2026-10-05T08:30:00+08:00,true,2,true,D-1
            {_tag}-2,1,parking,2026-10-05 08:30,true,2,true,
            {_tag}-3,abc,helmet,2026-10-05T09:00:00+08:00,maybe,,false,
            {_tag}-4,2,helmet,2026-10-05T09:00:00+08:00,false,3,false,
            {_tag}-1,2,helmet,2026-10-05T09:00:00+08:00,false,,false,
            {_tag}-6,999,helmet,2026-10-05T09:00:00+08:00,false,,false,
            {_tag}-7,2,,2026-10-05T09:00:00+08:00,false,,false
            """;

        var response = await client.PostAsync(new Uri("/api/ingest/enforcement-actions", UriKind.Relative), Csv(csv));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var report = (await response.Content.ReadFromJsonAsync<IngestionReport>(TestApp.Json))!;
        report.Status.Should().Be(IngestionStatus.Refused);
        report.Rows.Should().Be(7);
        report.Accepted.Should().Be(0);
        report.RowNumbering.Should().Contain("header is row 1");
        report.Errors.Select(e => (e.Row, e.Field)).Should().BeEquivalentTo(new (long, string?)[]
        {
            (3, "occurredAt"),       // no offset
            (4, "officerId"),        // not a number
            (4, "hasFootage"),       // not a boolean
            (5, null),               // the domain: no footage, so no upload delay
            (6, "externalId"),       // twice in the batch
            (7, "officerId"),        // unknown officer
            (8, null),               // 7 fields, the header has 8
            (8, "code"),             // required
        });
        report.ErrorCount.Should().Be(8);
        report.Errors.Single(e => e.Row == 5).Message.Should().Contain("no footage");
        (report.Errors.Single(e => e.Row == 5).Code, report.Errors.Single(e => e.Row == 5).Text).Should().Be(("UploadDelayWithoutFootage", $"执法记录 {_tag}-4 没有音视频，因此不应有上传延迟。"), "without a language chosen the API speaks Chinese like the pages");

        await using var db = App.Database.CreateContext();
        (await db.EnforcementActions.CountAsync(e => e.ExternalId.StartsWith(_tag))).Should().Be(0, "nothing of a refused batch is stored");
        var batch = await db.Set<IngestionBatch>().SingleAsync(b => b.Id == report.BatchId);
        batch.Status.Should().Be(IngestionStatus.Refused);
        batch.Rows.Should().Be(7);
        batch.Errors.Should().Be(8);
        batch.ErrorSummary.Should().Contain("row 3 occurredAt");
        var audit = await db.Set<AuditEntry>().SingleAsync(e => e.EntityId == report.BatchId.ToString());
        audit.Action.Should().Be("IngestBatch");
        audit.ActorKind.Should().Be("Token");
        audit.AfterJson.Should().Contain("\"status\":\"Refused\"").And.Contain("\"rows\":7");
    }

    [Fact]
    public async Task The_same_batch_sent_twice_is_stored_once()
    {
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System, ConstructedBrigade.Brigade)).Secret);
        var csv = $"""
            {Header}
            {_tag}-1,1,parking,2026-10-05T08:30:00+08:00,true,2,true,D-1
            {_tag}-2,2,helmet,2026-10-06T09:00:00Z,false,,false,
            {_tag}-3,4,speeding,2026-10-07T09:00:00+08:00,true,0.5,false,
            """;

        var first = await ReportAsync(await client.PostAsync(new Uri("/api/ingest/enforcement-actions", UriKind.Relative), Csv(csv)), HttpStatusCode.OK);
        var second = await ReportAsync(await client.PostAsync(new Uri("/api/ingest/enforcement-actions", UriKind.Relative), Csv(csv)), HttpStatusCode.OK);

        (first.Accepted, first.Duplicates).Should().Be((3, 0));
        (second.Accepted, second.Duplicates).Should().Be((0, 3));
        await using var db = App.Database.CreateContext();
        (await db.EnforcementActions.CountAsync(e => e.ExternalId.StartsWith(_tag))).Should().Be(3);
        var stored = await db.EnforcementActions.SingleAsync(e => e.ExternalId == $"{_tag}-1");
        (stored.OfficerId, stored.Code, stored.HasFootage, stored.UploadDelayHours, stored.PenaltyDecisionNumber).Should().Be((1L, "parking", true, 2.0, "D-1"));
        stored.OccurredAt.Should().Be(new DateTimeOffset(2026, 10, 5, 8, 30, 0, TimeSpan.FromHours(8)));
    }

    [Fact]
    public async Task A_resent_record_with_changed_values_is_an_error_of_its_row_not_silently_ignored()
    {
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System)).Secret);
        await ReportAsync(await client.PostAsync(new Uri("/api/ingest/enforcement-actions", UriKind.Relative),
            Csv($"{Header}\n{_tag}-1,1,parking,2026-10-05T08:30:00+08:00,true,2,true,D-1\n")), HttpStatusCode.OK);

        var report = await ReportAsync(await client.PostAsync(new Uri("/api/ingest/enforcement-actions", UriKind.Relative),
            Csv($"{Header}\n{_tag}-2,1,parking,2026-10-05T08:30:00+08:00,true,2,true,D-2\n{_tag}-1,1,parking,2026-10-05T08:30:00+08:00,true,5,true,D-1\n")), HttpStatusCode.UnprocessableEntity);

        report.Errors.Should().ContainSingle().Which.Should().Match<RowError>(e => e.Row == 3 && e.Field == "externalId" && e.Message.Contains("different values"));
        await using var db = App.Database.CreateContext();
        (await db.EnforcementActions.SingleAsync(e => e.ExternalId == $"{_tag}-1")).UploadDelayHours.Should().Be(2);
        (await db.EnforcementActions.AnyAsync(e => e.ExternalId == $"{_tag}-2")).Should().BeFalse();
    }

    [Fact]
    public async Task A_json_batch_is_read_element_by_element_and_numbered_by_array_index()
    {
        var inspector = await App.SignInAsync(Role.Inspector);
        var rows = new object[]
        {
            new { externalId = $"{_tag}-a", officerId = 2, day = "2026-10-05", status = "late", minutesLate = 12 },
            new { externalId = $"{_tag}-b", officerId = 2, day = "2026-10-06", status = "present" },
        };
        var report = await ReportAsync(await inspector.PostAsJsonAsync("/api/ingest/attendance-days", rows, TestApp.Json), HttpStatusCode.OK);
        report.Accepted.Should().Be(2);

        var bad = new object[]
        {
            new { externalId = $"{_tag}-c", officerId = 2, day = "2026-10-07", status = "present" },
            new { externalId = $"{_tag}-d", officerId = 2, day = "2026-10-08", status = "present", minutesLate = 5, mood = "good" },
        };
        var refused = await ReportAsync(await inspector.PostAsJsonAsync("/api/ingest/attendance-days", bad, TestApp.Json), HttpStatusCode.UnprocessableEntity);
        refused.RowNumbering.Should().Contain("JSON array index");
        refused.Errors.Select(e => (e.Row, e.Field)).Should().BeEquivalentTo(new (long, string?)[] { (1, "mood") });

        var cases = new object[] { new { externalId = $"{_tag}-case", officerId = 4, kind = "accident", acceptedAt = "2026-10-01T09:00:00+08:00" } };
        (await ReportAsync(await inspector.PostAsJsonAsync("/api/ingest/cases", cases, TestApp.Json), HttpStatusCode.OK)).Accepted.Should().Be(1);
        await using var db = App.Database.CreateContext();
        (await db.Cases.SingleAsync(c => c.ExternalId == $"{_tag}-case")).DeadlineAt.Should().Be(new DateTimeOffset(2026, 10, 11, 9, 0, 0, TimeSpan.FromHours(8)), "an accident case has 10 days");
        (await db.AttendanceDays.CountAsync(a => a.ExternalId.StartsWith(_tag))).Should().Be(2);
    }

    [Fact]
    public async Task A_json_syntax_error_is_reported_at_the_index_of_the_element_it_is_in()
    {
        var inspector = await App.SignInAsync(Role.Inspector);
        var json = new System.Text.StringBuilder("[");
        for (var i = 0; i < 30_000; i++)
        {
            if (i > 0) json.Append(",\n");
            json.Append(i == 25_000
                ? $"{{\"externalId\": \"{_tag}-json-{i}\" \"officerId\": 2}}"
                : $"{{\"externalId\": \"{_tag}-json-{i}\", \"officerId\": 2, \"code\": \"helmet\", \"occurredAt\": \"2026-10-02T09:07:00+08:00\", \"hasFootage\": true, \"penaltyIssued\": false}}");
        }
        json.Append(']');
        using var content = new StringContent(json.ToString(), System.Text.Encoding.UTF8, "application/json");

        var refused = await ReportAsync(await inspector.PostAsync("/api/ingest/enforcement-actions", content), HttpStatusCode.UnprocessableEntity);

        refused.Errors.Should().ContainSingle().Which.Row.Should().Be(25_000, "the 25,001st element (index 25000) is the one without a comma");
        await using var db = App.Database.CreateContext();
        (await db.EnforcementActions.AnyAsync(e => e.ExternalId.StartsWith(_tag + "-json-"))).Should().BeFalse();
    }

    [Fact]
    public async Task A_token_of_one_squad_cannot_send_facts_about_another_squads_officers()
    {
        var squadA = App.CreateBearerClient((await App.CreateTokenAsync(Role.System, ConstructedBrigade.SquadA)).Secret);
        var csv = $"""
            externalId,officerId,level,awardedAt
            {_tag}-1,1,letter,2026-10-05T08:30:00+08:00
            {_tag}-2,4,letter,2026-10-05T08:30:00+08:00
            {_tag}-3,5,award,2026-10-05T08:30:00+08:00
            """;

        var report = await ReportAsync(await squadA.PostAsync(new Uri("/api/ingest/commendations", UriKind.Relative), Csv(csv)), HttpStatusCode.UnprocessableEntity);

        report.Errors.Select(e => (e.Row, e.Field)).Should().Equal((3, "officerId"), (4, "officerId"));
        report.Errors[0].Message.Should().Be("Officer 4 is unknown or outside your unit scope.");
        var batches = await squadA.GetFromJsonAsync<List<IngestionBatchView>>("/api/ingest/batches", TestApp.Json);
        batches.Should().ContainSingle("a token sees its own batches only").Which.Status.Should().Be(IngestionStatus.Refused);
    }

    [Fact]
    public async Task Every_problem_of_a_row_is_reported_at_once_not_only_the_first()
    {
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System, ConstructedBrigade.Brigade)).Secret);
        var csv = $"""
            {Header}
            {_tag}-1,999,parking,not-a-date,true,2,true,D-1
            """;

        var report = await ReportAsync(await client.PostAsync(new Uri("/api/ingest/enforcement-actions", UriKind.Relative), Csv(csv)), HttpStatusCode.UnprocessableEntity);

        report.Errors.Select(e => (e.Row, e.Field)).Should().BeEquivalentTo(new (long, string?)[] { (2, "occurredAt"), (2, "officerId") });
    }

    [Fact]
    public async Task Unknown_and_missing_columns_are_reported_once_before_any_row()
    {
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System)).Secret);
        var report = await ReportAsync(await client.PostAsync(new Uri("/api/ingest/shifts", UriKind.Relative),
            Csv($"externalId,officerId,post,start,hours,signedIn,colour\n{_tag}-1,1,road,2026-10-05T08:00:00+08:00,8,true,red\n")), HttpStatusCode.UnprocessableEntity);

        report.Rows.Should().Be(0);
        report.Errors.Select(e => (e.Row, e.Field)).Should().BeEquivalentTo(new (long, string?)[] { (1, "colour"), (1, "offPost") });
        (await client.PostAsync(new Uri("/api/ingest/manual-adjustments", UriKind.Relative), Csv("externalId\n"))).StatusCode.Should().Be(HttpStatusCode.NotFound, "adjustments come from appeals only");
        (await client.PostAsync(new Uri("/api/ingest/shifts", UriKind.Relative), new StringContent("<xml/>", Encoding.UTF8, "application/xml"))).StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Quoted_csv_fields_keep_their_commas_line_breaks_and_quotes_and_a_byte_order_mark_is_skipped()
    {
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System)).Secret);
        var csv = "\uFEFFexternalId,officerId,code,occurredAt,status,dismissalReason\r\n" +
                  $"{_tag}-1,5,drinking,2026-10-05T20:00:00+08:00,dismissed,\"not on duty, \"\"off\"\" that day\r\nsee note\"\r\n" +
                  $"\"{_tag}-2\",5,uniform,2026-10-06T08:00:00+08:00,verified,\r\n";

        var report = await ReportAsync(await client.PostAsync(new Uri("/api/ingest/discipline-incidents", UriKind.Relative), Csv(csv)), HttpStatusCode.OK);

        report.Accepted.Should().Be(2);
        await using var db = App.Database.CreateContext();
        var dismissed = await db.DisciplineIncidents.SingleAsync(i => i.ExternalId == $"{_tag}-1");
        dismissed.DismissalReason.Should().Be("not on duty, \"off\" that day\r\nsee note");
        (await db.DisciplineIncidents.SingleAsync(i => i.ExternalId == $"{_tag}-2")).Verified.Should().BeTrue();
    }

    [Fact]
    public async Task A_batch_may_be_larger_than_the_api_body_limit_but_other_requests_may_not()
    {
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System)).Secret);
        var csv = new StringBuilder("externalId,officerId,name,takenAt,score,passed\n");
        for (var i = 0; i < 200; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{_tag}-{i},3,交通法规考试,2026-10-05T08:00:00+08:00,{60 + (i % 40)},true\n");
        Encoding.UTF8.GetByteCount(csv.ToString()).Should().BeGreaterThan(4096);

        (await ReportAsync(await client.PostAsync(new Uri("/api/ingest/training-results", UriKind.Relative), Csv(csv.ToString())), HttpStatusCode.OK)).Accepted.Should().Be(200);
        var admin = await App.AdminAsync();
        (await admin.PostAsJsonAsync("/api/users", new { userName = "x", displayName = new string('x', 5000), role = "Auditor", password = TestApp.Password }, TestApp.Json))
            .StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Officers_leaders_and_auditors_may_not_send_batches()
    {
        foreach (var role in new[] { Role.Officer, Role.Leader, Role.Auditor })
        {
            var client = await App.SignInAsync(role, ConstructedBrigade.SquadA, role == Role.Officer ? 1 : null);
            (await client.PostAsync(new Uri("/api/ingest/shifts", UriKind.Relative), Csv("externalId\n"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task While_a_batch_is_being_received_other_requests_can_still_write()
    {
        var client = App.CreateBearerClient((await App.CreateTokenAsync(Role.System)).Secret);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var content = new GatedCsvContent($"externalId,officerId,day,status\n{string.Concat(Enumerable.Range(0, 10).Select(i => $"{_tag}-{i},1,2026-10-{i + 1:00},present\n"))}",
            $"{_tag}-x,1,2026-10-20,present\n", gate.Task);
        content.Headers.ContentType = GeneratedCsvContent.Csv;
        var upload = client.PostAsync(new Uri("/api/ingest/attendance-days", UriKind.Relative), content);
        var staging = _fixture.Commands.Count(StagingStarts);
        await content.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(() => _fixture.Commands.Count(StagingStarts) > staging, "the server to start staging the batch");

        var user = await App.CreateUserAsync(Role.Auditor).WaitAsync(TimeSpan.FromSeconds(20));
        gate.SetResult();

        user.Should().NotBeNull();
        (await ReportAsync(await upload, HttpStatusCode.OK)).Accepted.Should().Be(11);
    }

    [Fact]
    public async Task The_kinds_and_their_fields_are_published_from_the_description_that_parses_batches()
    {
        var auditor = await App.SignInAsync(Role.Auditor);

        var kinds = (await auditor.GetFromJsonAsync<List<IngestionApi.FactKindView>>("/api/ingest/kinds", TestApp.Json))!;

        kinds.Select(k => k.Name).Should().Equal(FactKinds.All.Select(k => k.Name)).And.NotContain("manual-adjustments");
        kinds.Single(k => k.Name == "enforcement-actions").Fields.Should().ContainEquivalentOf(new { Name = "hasFootage", Type = FieldType.Boolean, Required = true });
    }

    private static StringContent Csv(string text) => new(text, new UTF8Encoding(false), "text/csv");

    private static async Task<IngestionReport> ReportAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return System.Text.Json.JsonSerializer.Deserialize<IngestionReport>(body, TestApp.Json)!;
    }
}

public sealed class IngestionTestsOnSqlite(SqliteIngestionApp fixture) : IngestionTests(fixture), IClassFixture<SqliteIngestionApp>;

public sealed class IngestionTestsOnPostgres(PostgresIngestionApp fixture) : IngestionTests(fixture), IClassFixture<PostgresIngestionApp>;

/// <summary>The streaming content of a large CSV batch, generated as it is sent.</summary>
internal sealed class GeneratedCsvContent(string header, long rows, Func<long, string> row) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(header);
        for (long i = 0; i < rows; i++)
            await writer.WriteLineAsync(row(i));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    public static MediaTypeHeaderValue Csv => new("text/csv");
}

/// <summary>A body sent in two parts: the second only once the test opens the gate.</summary>
internal sealed class GatedCsvContent(string first, string second, Task gate) : HttpContent
{
    private readonly TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstPartSent => _firstSent.Task;

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(first));
        await stream.FlushAsync();
        _firstSent.TrySetResult();
        await gate;
        await stream.WriteAsync(Encoding.UTF8.GetBytes(second));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
