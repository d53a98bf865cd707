using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Pages;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.RuleSets;

/// <summary>
/// Every sentence the engine can report has its words in 简体中文 and English, with the same placeholders as the engine's
/// arguments; the API's findings come back in the reader's language next to the engine's English (ADR 29).
/// </summary>
public sealed class DiagnosticWordsTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    /// <summary>The test scheme with a misspelt member, a misspelt parameter in Points and an unclosed parenthesis.</summary>
    private static readonly string Malformed = TestSchemes.Officer
        .Replace("officer.Commendations.Any(c => c.Level == \\\"letter\\\")", "officer.Comendations.Any(c => c.Level == \\\"letter\\\")", StringComparison.Ordinal)
        .Replace("\"Points\": \"-3 * overdue\"", "\"Points\": \"-3 * overdu\"", StringComparison.Ordinal)
        .Replace("\"Expression\": \"officer.Adjustments.Count > 0\"", "\"Expression\": \"(officer.Adjustments.Count > 0\"", StringComparison.Ordinal);

    private static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var resources = new ResourceManager(typeof(SharedResource).FullName!, typeof(SharedResource).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().Where(e => ((string)e.Key).StartsWith("Diagnostic.", StringComparison.Ordinal)).ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    public static TheoryData<string> Languages => ["zh-CN", "en"];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_engine_message_has_words_whose_placeholders_are_exactly_its_arguments(string language)
    {
        var texts = Texts(language == "zh-CN" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language));

        DiagnosticMessages.All.Should().HaveCountGreaterThan(100);
        var problems = new List<string>();
        foreach (var message in DiagnosticMessages.All)
        {
            if (!texts.TryGetValue("Diagnostic." + message.Id, out var text))
            {
                problems.Add($"{message.Id}: no text");
                continue;
            }
            var expected = Enumerable.Range(0, message.ArgumentCount).ToHashSet();
            if (!DiagnosticMessage.Placeholders(text).SetEquals(expected))
                problems.Add($"{message.Id}: placeholders {{{string.Join(",", DiagnosticMessage.Placeholders(text).Order())}}} but {message.ArgumentCount} argument(s)");
            try
            {
                _ = string.Format(CultureInfo.InvariantCulture, text, [.. expected.Select(i => (object)$"a{i}")]);
            }
            catch (FormatException ex)
            {
                problems.Add($"{message.Id}: {ex.Message}");
            }
            if (language == "zh-CN" && !text.Any(c => c is >= '\u4e00' and <= '\u9fff'))
                problems.Add($"{message.Id}: the Chinese text has no Chinese in it");
        }
        var known = DiagnosticMessages.All.Select(m => "Diagnostic." + m.Id).Append("Diagnostic.WithPart").ToHashSet();
        problems.AddRange(texts.Keys.Where(k => !known.Contains(k)).Select(k => $"{k}: no engine message has this id"));

        problems.Should().BeEmpty();
    }

    [Fact]
    public async Task A_malformed_files_findings_come_back_in_Chinese_and_in_English_next_to_the_engines_English()
    {
        using var inspector = await fixture.App.SignInAsync(Role.Inspector);

        var zh = await ValidateAsync(inspector, "zh-CN,zh;q=0.9");
        var en = await ValidateAsync(inspector, "en-US,en;q=0.9");

        Malformed.Should().NotBe(TestSchemes.Officer);
        Find(zh, "RE0201.UnknownMemberSuggested").Should().MatchRegex("^未知成员“Comendations”（类型“[A-Za-z]+”中没有此成员）——您是否想写“Commendations”？$");
        Find(zh, "RE0200.UnknownNameSuggested").Should().Be("Points（分值）：未知名称“overdu”——您是否想写“overdue”？");
        Find(zh, "RE0100.ExpectedTokenAtEnd").Should().Be("此处应为“)”，但表达式已结束");
        Find(en, "RE0201.UnknownMemberSuggested").Should().MatchRegex("^unknown member 'Comendations' on '[A-Za-z]+' — did you mean 'Commendations'\\?$");
        Find(en, "RE0200.UnknownNameSuggested").Should().Be("Points: unknown name 'overdu' — did you mean 'overdue'?");
        Find(en, "RE0100.ExpectedTokenAtEnd").Should().Be("expected ')' but found end of expression");

        var message = zh.EnumerateArray().Single(d => d.GetProperty("messageId").GetString() == "RE0200.UnknownNameSuggested").GetProperty("message").GetString();
        message.Should().Be("Points: unknown name 'overdu' — did you mean 'overdue'?", "the engine's English stays for programs");
    }

    private static string Find(JsonElement diagnostics, string messageId) =>
        diagnostics.EnumerateArray().Should().ContainSingle(d => d.GetProperty("messageId").GetString() == messageId).Subject.GetProperty("text").GetString()!;

    private static async Task<JsonElement> ValidateAsync(HttpClient client, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rulesets/validate") { Content = JsonContent.Create(new { content = Malformed }) };
        request.Headers.Add("Accept-Language", language);
        var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("diagnostics");
    }
}
