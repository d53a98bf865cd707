using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// Engine diagnostics and domain refusals are coded; the rules page and the API's ProblemDetails say them in the reader's
/// language: Chinese by default, English when the reader chose it (the pages' cookie) or asks for it (Accept-Language).
/// </summary>
public sealed partial class CodedMessagesTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    /// <summary>A rule whose points grow with the number of enforcement actions and no Cap: the engine warns RE0301.</summary>
    private static readonly string Quota = TestSchemes.Officer.Replace("\"Points\": \"-5 * noFootage\"", "\"Points\": \"0.5 * officer.Enforcements.Count\"", StringComparison.Ordinal);

    private static readonly string Broken = TestSchemes.Officer.Replace("\"Expression\": \"lateCount > 0\"", "\"Expression\": \"officer.Lateness > 0\"", StringComparison.Ordinal)
        .Replace("test-officer-monthly", "officer-monthly", StringComparison.Ordinal);

    [Fact]
    public async Task An_engine_diagnostic_reads_in_Chinese_on_a_Chinese_page_and_in_English_on_an_English_one()
    {
        var chinese = await fixture.App.SignInAsync(Role.Inspector);
        var english = await fixture.App.SignInAsync(Role.Inspector);
        await english.GetAsync("/culture?c=en&returnUrl=%2Frules");

        var zh = await CheckAsync(chinese, Quota);
        var en = await CheckAsync(english, Quota);

        Quota.Should().NotBe(TestSchemes.Officer);
        zh.Should().Contain("规则 PenaltyWithoutFootage 的分值随“officer.Enforcements.Count”（执法、罚款或处罚的数量）增长").And.NotContain("which national rules forbid");
        en.Should().Contain("Rule PenaltyWithoutFootage: points grow with").And.NotContain("的分值随");
    }

    [Fact]
    public async Task A_domain_refusal_in_an_API_answer_carries_its_code_and_words_in_the_readers_language()
    {
        var inspector = await fixture.App.SignInAsync(Role.Inspector);
        var admin = await fixture.App.AdminAsync();
        var saved = await inspector.PostAsJsonAsync("/api/rulesets/officer-monthly/versions", new { content = Broken, note = "有错误的草稿" }, TestApp.Json);
        saved.StatusCode.Should().Be(HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
        var number = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetProperty("number").GetInt32();

        var zh = await ActivateAsync(admin, number, "zh-CN,zh;q=0.9");
        var en = await ActivateAsync(admin, number, "en-US,en;q=0.9");
        var silent = await fixture.App.SignInAsync(Role.Admin);
        silent.DefaultRequestHeaders.AcceptLanguage.Clear(); // test clients ask for English unless told otherwise
        var unnamed = await ActivateAsync(silent, number, null);

        zh.GetProperty("code").GetString().Should().Be("VersionHasErrors");
        zh.GetProperty("message").GetString().Should().MatchRegex(@"^officer-monthly v\d+ 有 \d+ 个错误，不能启用；请在新版本中修正。$");
        zh.GetProperty("detail").GetString().Should().Be(zh.GetProperty("message").GetString(), "the whole answer is in the reader's language (ADR 33)");
        en.GetProperty("message").GetString().Should().MatchRegex(@"^officer-monthly v\d+ has \d+ error\(s\) and cannot be activated; fix them in a new version\.$");
        en.GetProperty("language").GetString().Should().Be("en");
        unnamed.GetProperty("language").GetString().Should().Be("zh-CN", "without a choice the API speaks like the pages");
    }

    [Fact]
    public async Task Refusals_of_the_rules_the_scheduler_and_real_time_checks_read_in_Chinese_or_English_as_the_reader_asks()
    {
        var inspector = await fixture.App.SignInAsync(Role.Inspector);
        var admin = await fixture.App.AdminAsync();
        var cases = new (HttpClient Client, string Url, object Body, string Code, string Chinese, string English)[]
        {
            (inspector, "/api/rulesets/officer-monthly/versions/1/dry-run", new { period = "2026-Q4" }, "MonthlyCannotDryRunQuarter",
                "officer-monthly v1 是月度方案，不能试运行季度 2026-Q4。", "officer-monthly v1 is a monthly scheme and cannot evaluate the quarter 2026-Q4."),
            (admin, "/api/scheduler/trigger/quarterly?period=2026-09", new { }, "QuarterlyJobNeedsQuarter",
                "季度考核须针对某个季度（如 2026-Q2），不能是 2026-09。", "The quarterly evaluation evaluates a quarter like 2026-Q2, not 2026-09."),
            (inspector, "/api/checks/officer-monthly", new { officerId = 1 }, "NotARealTimeCheck",
                "officer-monthly 是考核方案，不是实时核查；它通过考核运行考核周期。", "officer-monthly is an assessment scheme, not a real-time check; it evaluates periods through runs."),
        };

        foreach (var (client, url, body, code, chinese, english) in cases)
        {
            var zh = await RefusedAsync(client, url, body, "zh-CN,zh;q=0.9");
            var en = await RefusedAsync(client, url, body, "en");

            (zh.GetProperty("code").GetString(), zh.GetProperty("language").GetString(), zh.GetProperty("message").GetString()).Should().Be((code, "zh-CN", chinese), url);
            (en.GetProperty("code").GetString(), en.GetProperty("message").GetString()).Should().Be((code, english), url);
            zh.GetProperty("detail").GetString().Should().Be(chinese, "the detail is in the reader's language (ADR 33)");
        }
    }

    private static async Task<JsonElement> RefusedAsync(HttpClient client, string url, object body, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Accept-Language", language);
        var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> CheckAsync(HttpClient client, string content)
    {
        var page = await (await client.GetAsync("/rules/officer-monthly")).Content.ReadAsStringAsync();
        var token = AntiForgeryToken().Match(page).Groups[1].Value;
        var response = await client.PostAsync("/rules/officer-monthly?handler=Check&basedOn=1", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["content"] = content,
            ["note"] = "draft",
            ["__RequestVerificationToken"] = token,
        }));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> ActivateAsync(HttpClient client, int number, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rulesets/officer-monthly/versions/{number}/activate") { Content = JsonContent.Create(new { effectiveFrom = "2027-01" }) };
        if (language is not null)
            request.Headers.Add("Accept-Language", language);
        var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
