using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.RuleSets;

/// <summary>Dry runs over the API as a client does them: start (202 with a Location), then read the Location until it has finished.</summary>
public static class DryRuns
{
    public static async Task<DryRunView> StartAsync(HttpClient client, string scheme, int number, string period)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.PostAsJsonAsync($"/api/rulesets/{scheme}/versions/{number}/dry-run", new { period }, TestApp.Json);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var started = (await response.Content.ReadFromJsonAsync<DryRunView>(TestApp.Json))!;
        response.Headers.Location!.ToString().Should().Be($"/api/rulesets/{scheme}/versions/{number}/dry-runs/{started.Id}");
        return started;
    }

    public static async Task<DryRunView> StateAsync(HttpClient client, DryRunView dryRun)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(dryRun);
        return (await client.GetFromJsonAsync<DryRunView>(DryRunView.Location(dryRun.Scheme, dryRun.Number, dryRun.Id), TestApp.Json))!;
    }

    /// <summary>Reads the dry run until it has completed or failed; every state seen, in order, goes to <paramref name="seen"/>.</summary>
    public static Task<DryRunView> FinishedAsync(HttpClient client, DryRunView dryRun, List<DryRunView>? seen = null) =>
        Eventually.UntilAsync(
            async () =>
            {
                var state = await StateAsync(client, dryRun);
                seen?.Add(state);
                return state;
            },
            s => s.Status is DryRunStatus.Completed or DryRunStatus.Failed,
            $"dry run {dryRun.Id} to finish");

    public static async Task<DryRunReport> ReportAsync(HttpClient client, string scheme, int number, string period)
    {
        var finished = await FinishedAsync(client, await StartAsync(client, scheme, number, period));
        finished.Status.Should().Be(DryRunStatus.Completed, finished.Error);
        return finished.Report!;
    }
}
