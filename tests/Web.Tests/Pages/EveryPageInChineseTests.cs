using System.Text.RegularExpressions;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Pages;
using AssessmentEngine.Web.Tests.Evaluations;
using Microsoft.Playwright;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// Issue #15: every page each role may open, rendered in Chinese in Chromium, shows no raw resource key and no English
/// word in its visible text. Code the reader is meant to see as code (rule names and expressions in &lt;code&gt;, JSON in
/// &lt;pre&gt;, the editor's text), data marked translate="no" (ids, user names, record numbers, notes people typed) and the
/// rule file schema's own English descriptions (lang="en") are left out; a short explicit list names the Latin words that
/// belong on a Chinese page.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class EveryPageInChineseTests(BrowserFixture browser)
{
    private static readonly string October = BrowserFixture.October.Key;

    /// <summary>Latin text a Chinese page may show: the language switch, file formats, badge numbers and codes people use as such.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "English", "Excel", "CSV", "JSON", "API", "ID", "admin",
        // The rule file's own field names and the command-line command an operator types.
        "GlobalParams", "LocalParams", "evaluate",
        // The key the rule editor's hint tells the reader to press.
        "Tab",
    };

    /// <summary>Every page and the roles that may open it, as the navigation and the page table say.</summary>
    private static readonly (string Url, IReadOnlyList<Role> Roles)[] Pages_ =
    [
        ($"/dashboard?period={October}", PageAreas.Dashboard.Roles),
        ($"/review?period={October}", PageAreas.Review.Roles),
        ("/appeals", PageAreas.Appeals.Roles),
        ("/rules", PageAreas.Rules.Roles),
        ("/rules/officer-monthly", PageAreas.Rules.Roles),
        ("/rules/officer-monthly/diff", PageAreas.Rules.Roles),
        ("/runs", PageAreas.Runs.Roles),
        ($"/officers/2?period={October}", PageAreas.Officers.Roles),
        ("/audit", PageAreas.Audit.Roles),
        ("/admin/users", PageAreas.Users.Roles),
        ("/admin/tokens", PageAreas.Tokens.Roles),
        ("/account/password", PageAreas.Account.Roles),
        ("/forbidden", [Role.Admin, Role.Inspector, Role.Leader, Role.Officer, Role.Auditor]),
    ];

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+(\.[A-Z][A-Za-z0-9]+)+\b")]
    private static partial Regex ResourceKey();

    [GeneratedRegex(@"[A-Za-z]{2,}")]
    private static partial Regex LatinWord();

    /// <summary>The page's visible text without what is shown as code.</summary>
    private const string VisibleText = """
        () => {
            const copy = document.body.cloneNode(true);
            copy.querySelectorAll('code, pre, textarea, script, style, [translate=no], [lang=en], .skip-link').forEach(e => e.remove());
            copy.querySelectorAll('input, select').forEach(e => e.remove());
            return copy.innerText;
        }
        """;

    [Theory]
    [InlineData(Role.Admin)]
    [InlineData(Role.Inspector)]
    [InlineData(Role.Leader)]
    [InlineData(Role.Officer)]
    [InlineData(Role.Auditor)]
    public async Task Every_page_of_the_role_is_Chinese_without_raw_keys_or_English_words(Role role)
    {
        var page = await browser.SignedInPageAsync(role, role == Role.Officer ? ConstructedBrigade.SquadA : null, role == Role.Officer ? 2 : null,
            displayName: "测试用户");
        var signIn = await browser.NewPageAsync();
        await signIn.GotoAsync("/signin");
        var failures = new List<string>();
        failures.AddRange(Check("/signin", await signIn.EvaluateAsync<string>(VisibleText)));

        foreach (var (url, roles) in Pages_.Where(p => p.Roles.Contains(role)))
        {
            var response = await page.GotoAsync(url);
            // The forbidden page answers 403 on purpose; every other page answers 200.
            if (response is null || response.Status >= 400 && !(url == "/forbidden" && response.Status == 403))
            {
                failures.Add($"{url}: {response?.Status}");
                continue;
            }
            (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("zh-CN");
            failures.AddRange(Check(url, await page.EvaluateAsync<string>(VisibleText)));
        }

        failures.Should().BeEmpty($"every word a {role} reads is Chinese");
    }

    private static IEnumerable<string> Check(string url, string text)
    {
        foreach (Match key in ResourceKey().Matches(text))
            yield return $"{url}: raw key '{key.Value}'";
        foreach (var word in LatinWord().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            if (!Allowed.Contains(word))
                yield return $"{url}: English '{word}' in …{Around(text, word)}…";
        }
    }

    private static string Around(string text, string word)
    {
        var at = text.IndexOf(word, StringComparison.Ordinal);
        var from = Math.Max(0, at - 20);
        return text.Substring(from, Math.Min(text.Length - from, word.Length + 40)).ReplaceLineEndings(" ");
    }
}
