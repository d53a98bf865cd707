using System.Net.Http.Json;
using System.Text.Json;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Periods;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Periods;

/// <summary>Every endpoint that takes a period checks it one way; a run over a period without facts says so.</summary>
public abstract class PeriodRequirementsTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task A_period_is_refused_the_same_way_everywhere_malformed_400_wrong_kind_422_not_evaluable_404()
    {
        await using var app = await StartSeededAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var periods = scope.ServiceProvider.GetRequiredService<PeriodRequirements>();

        var malformed = () => periods.EvaluableAsync("2026-13", null, "POST /api/runs", CancellationToken.None);
        var quarterForMonthly = () => periods.EvaluableAsync("2026-Q2", PeriodKind.Monthly, "trigger/monthly", CancellationToken.None);
        var monthForQuarterly = () => periods.EvaluableAsync("2026-09", PeriodKind.Quarterly, "trigger/quarterly", CancellationToken.None);
        var future = () => periods.EvaluableAsync("2099-01", PeriodKind.Monthly, "trigger/monthly", CancellationToken.None);

        (await malformed.Should().ThrowAsync<ValidationException>()).Which.Errors.Should().ContainKey("period");
        await quarterForMonthly.Should().ThrowAsync<DomainException>().WithMessage("trigger/monthly evaluates a month*2026-Q2 is a quarter.");
        await monthForQuarterly.Should().ThrowAsync<DomainException>().WithMessage("trigger/quarterly evaluates a quarter*2026-09 is a month.");
        await future.Should().ThrowAsync<UnknownPeriodException>().WithMessage("2099-01 has not ended yet*");
        (await periods.EvaluableAsync("2026-10", PeriodKind.Monthly, "trigger/monthly", CancellationToken.None)).Should().Be(AssessmentPeriod.Month(2026, 10));

    }

    [Fact]
    public async Task A_run_over_a_period_without_facts_of_a_kind_its_schemes_read_is_flagged_in_the_api_and_the_runs_page()
    {
        await using var app = await StartSeededAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var evaluations = scope.ServiceProvider.GetRequiredService<EvaluationService>();
            await evaluations.QueueAsync(AssessmentPeriod.Month(2026, 7));
            await evaluations.QueueAsync(AssessmentPeriod.Month(2026, 10));
        }
        var admin = await app.AdminAsync();

        var july = (await admin.GetFromJsonAsync<JsonElement>("/api/runs?period=2026-07"))[0];
        var october = (await admin.GetFromJsonAsync<JsonElement>("/api/runs?period=2026-10"))[0];
        var page = await (await admin.GetAsync("/runs")).Content.ReadAsStringAsync();

        july.GetProperty("missingFacts").EnumerateArray().Select(e => e.GetString()).Should().Contain(FactLists.Attendance);
        october.GetProperty("missingFacts").EnumerateArray().Select(e => e.GetString()).Should().NotContain(FactLists.Attendance);
        page.Should().Contain("2026-07 没有考勤数据");
        page.Should().NotContain("2026-10 没有考勤数据");
    }

    private async Task<TestApp> StartSeededAsync()
    {
        var app = await TestApp.StartAsync(Provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        await ConstructedBrigade.SeedAsync(db, [AssessmentPeriod.Month(2026, 10)]);
        await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
        return app;
    }
}

public sealed class PeriodRequirementsTestsOnSqlite : PeriodRequirementsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PeriodRequirementsTestsOnPostgres : PeriodRequirementsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
