using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// The rule editor's two ways of checking a file: the script's POST ?handler=Validate (JSON, anti-forgery token in a
/// header) and, without script, the form's "检查" button, which shows the same diagnostics in the page.
/// </summary>
public sealed partial class RuleEditorWithoutScriptTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    private static readonly string Broken = TestSchemes.Officer.Replace("\"Expression\": \"lateCount > 0\"", "\"Expression\": \"officer.Lateness > 0\"", StringComparison.Ordinal);

    [Fact]
    public async Task The_check_button_lists_the_diagnostics_in_the_page()
    {
        var inspector = await fixture.App.SignInAsync(Role.Inspector);
        var token = await TokenAsync(inspector);

        var response = await inspector.PostAsync("/rules/officer-monthly?handler=Check&basedOn=1", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["content"] = Broken,
            ["note"] = "draft",
            ["__RequestVerificationToken"] = token,
        }));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("class=\"diag diag-error\"").And.Contain("data-rule=\"LateArrival\"").And.Contain("officer.Lateness &gt; 0", "the editor keeps what was posted");
    }

    [Fact]
    public async Task The_live_check_answers_JSON_with_rule_line_and_column_and_needs_the_token()
    {
        var inspector = await fixture.App.SignInAsync(Role.Inspector);
        var token = await TokenAsync(inspector);

        using var withoutToken = new HttpRequestMessage(HttpMethod.Post, "/rules/officer-monthly?handler=Validate") { Content = JsonContent.Create(new { content = Broken }) };
        (await inspector.SendAsync(withoutToken)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/rules/officer-monthly?handler=Validate") { Content = JsonContent.Create(new { content = Broken }) };
        request.Headers.Add("RequestVerificationToken", token);
        var response = await inspector.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("errorCount").GetInt32().Should().BeGreaterThan(0);
        var error = result.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("rule").GetString() == "LateArrival");
        error.GetProperty("severity").GetString().Should().Be("Error");
        var lines = Broken.Split('\n');
        error.GetProperty("line").GetInt32().Should().Be(Array.FindIndex(lines, l => l.Contains("officer.Lateness", StringComparison.Ordinal)) + 1);
        error.GetProperty("column").GetInt32().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task The_rule_runs_and_audit_pages_are_English_when_the_reader_chooses_it()
    {
        var admin = await fixture.App.SignInAsync(Role.Admin);
        await admin.GetAsync("/culture?c=en&returnUrl=%2Frules");

        var rules = await (await admin.GetAsync("/rules")).Content.ReadAsStringAsync();
        var scheme = await (await admin.GetAsync("/rules/officer-monthly")).Content.ReadAsStringAsync();
        var runs = await (await admin.GetAsync("/runs")).Content.ReadAsStringAsync();
        var audit = await (await admin.GetAsync("/audit")).Content.ReadAsStringAsync();

        rules.Should().Contain("<html lang=\"en\">").And.Contain("Effective from").And.NotContain("考核方案");
        scheme.Should().Contain("Version history").And.Contain("Rule file (JSON)").And.Contain("Save draft");
        runs.Should().Contain("Evaluate a period now").And.Contain("I confirm");
        audit.Should().Contain("Export CSV").And.Contain("Entity type");
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await (await client.GetAsync("/rules/officer-monthly")).Content.ReadAsStringAsync();
        return AntiForgeryToken().Match(page).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
