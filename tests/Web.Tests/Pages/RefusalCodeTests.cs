using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using AssessmentEngine.Web.Pages;
using AssessmentEngine.Web.Tests.Readme;

namespace AssessmentEngine.Web.Tests.Pages;

/// <summary>
/// Every refusal in src is coded, and every code has a zh-CN text (with Chinese in it) and an en text whose placeholders are
/// exactly the arguments the throw gives: a source scan of the places a code is given (domain refusals, Guard.Required,
/// validation errors, not-found, conflict, forbidden and unavailable answers, unknown names, problem titles; ADR 32, 33).
/// </summary>
public sealed partial class RefusalCodeTests
{
    [Fact]
    public void Every_refusal_code_in_src_has_a_Chinese_and_an_English_text_with_its_arguments()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(ReadmeTests.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (Path.GetRelativePath(ReadmeTests.RepositoryRoot, p), File.ReadAllText(p)));

        var sites = RefusalSites.In(sources);
        var problems = RefusalSites.Problems(sites, Texts(CultureInfo.InvariantCulture), Texts(CultureInfo.GetCultureInfo("en")));

        sites.Should().HaveCountGreaterThan(280, "the scan finds the domain's refusals, Guard.Required, validation errors, not-found answers and problem titles");
        sites.Select(s => s.Code).Should().Contain(["OfficerLeft", "UnitCodeRequired", "OutcomeMustBeProposed", "BatchTooLarge", "PendingProposals",
            "RuleFileEmpty", "TextTooLong", "RunNotFound", "NoMonthlySchemeInForce", "UnknownName", "WrongJsonType", "ChangedMeanwhile", "ProblemNotFound"]);
        problems.Should().BeEmpty();
    }

    [Fact]
    public void The_scan_reports_an_uncoded_refusal_a_code_without_texts_and_placeholders_that_do_not_match()
    {
        const string Source = """
            throw new DomainException($"Officer {badge} left on {day:yyyy-MM-dd}.");
            throw new Domain.DomainException("NoSuchCode", $"Case {id} (\"{Name(a, b)}\") is gone.", id);
            throw new DomainConflictException("Mismatched", @"Run ""x"" clashes, again.", runId, other);
            Guard.Required(value, "Fine", "Unit code");
            errors.Add("field", "Fine", $"{{literal}} {Call(x, y)} text", Call(x, y));
            throw new NotFoundException($"Run {id} does not exist.");
            errors.Check(ok, "take", "Mismatched", "x", a, b);
            throw new ConflictException(concurrent, "Fine", "Fine.");
            var title = CodedMessage.Of("Latin", "Latin only");
            """;
        var zh = new Dictionary<string, string> { ["Refusal.Mismatched"] = "运行 {0} 冲突 {2}。", ["Refusal.Fine"] = "好。{0:N0}", ["Refusal.Latin"] = "Latin only" };
        var en = new Dictionary<string, string> { ["Refusal.Mismatched"] = "Run {0} clashes with {1}.", ["Refusal.Fine"] = "Fine.", ["Refusal.Latin"] = "Latin only" };

        var sites = RefusalSites.In([("Sample.cs", Source)]);
        var problems = RefusalSites.Problems(sites, zh, en);

        sites.Select(s => (s.Code, s.Arguments)).Should().Equal(
            (null, 0), ("NoSuchCode", 1), ("Mismatched", 2), ("Fine", 0), ("Fine", 1), (null, 0), ("Mismatched", 2), ("Fine", 0), ("Latin", 0));
        problems.Should().HaveCount(10).And.Contain(p => p.StartsWith("Sample.cs:1 ", StringComparison.Ordinal) && p.Contains("no literal code", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("Sample.cs:6 ", StringComparison.Ordinal) && p.Contains("no literal code", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("Sample.cs:7: Mismatched: the zh-CN text has placeholders {0}, {2}", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("Sample.cs:8: Fine: the zh-CN text has placeholders {0}", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("Latin: the zh-CN text \"Latin only\" has no Chinese", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("NoSuchCode has no zh-CN text", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("NoSuchCode has no en text", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("Mismatched: the zh-CN text has placeholders {0}, {2}", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("Fine: the zh-CN text has placeholders {0}", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("Fine: the en text has placeholders  but", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var resources = new ResourceManager(typeof(SharedResource).FullName!, typeof(SharedResource).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }
}

/// <summary>A place in the source that gives a refusal code (null when the first argument is not a literal) and how many arguments fill its text.</summary>
internal sealed record RefusalSite(string Where, string? Code, int Arguments);

internal static partial class RefusalSites
{
    /// <summary>The calls that give a refusal code, with the index of the code among their arguments.</summary>
    [GeneratedRegex(@"\bnew\s+(?:Domain\.)?Domain(?:Conflict)?Exception\s*\(|:\s*base\s*\(|\bGuard\.Required\s*\(|\bnew\s+ValidationException\s*\(|\.Add\s*\(|\.Check\s*\("
        + @"|\bnew\s+(?:Infrastructure\.Mediator\.)?(?:NotFound|UnknownPeriod|Conflict|Forbidden|ServiceUnavailable|UnknownName)Exception\s*\(|\bCodedMessage\.Of\s*\(")]
    private static partial Regex Calls();

    [GeneratedRegex(@"^""([A-Z][A-Za-z0-9]*)""$")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    public static IReadOnlyList<RefusalSite> In(IEnumerable<(string Path, string Text)> sources)
    {
        var sites = new List<RefusalSite>();
        foreach (var (path, text) in sources)
        {
            foreach (Match call in Calls().Matches(text))
            {
                var args = Arguments(text, call.Index + call.Length - 1);
                var where = $"{path}:{text.AsSpan(0, call.Index).Count('\n') + 1}";
                var code = call.Value.Contains("ValidationException", StringComparison.Ordinal) || call.Value.Contains("Guard", StringComparison.Ordinal) ? 1 : 0;
                // base(...), Add(...) and Check(...) are refusals only when they pass a code literal and a message; plain ones are other calls.
                var optional = call.Value.Contains("base", StringComparison.Ordinal) ? 0 : call.Value.StartsWith(".Check", StringComparison.Ordinal) ? 2 : call.Value.StartsWith('.') ? 1 : -1;
                // A conflict that keeps the storage's exception for the log gives it first and its code second.
                if (call.Value.Contains("ConflictException", StringComparison.Ordinal) && !call.Value.Contains("Domain", StringComparison.Ordinal)
                    && args.Count > 1 && !CodeLiteral().IsMatch(args[0]) && CodeLiteral().IsMatch(args[1]))
                {
                    code = 1;
                }
                if (optional >= 0)
                {
                    if (args.Count < optional + 2 || !CodeLiteral().IsMatch(args[optional]))
                        continue;
                    code = optional;
                }
                else if (call.Value.Contains("ValidationException", StringComparison.Ordinal) && args.Count < 3)
                {
                    continue;
                }
                // A forwarder (Guard.Required's throw) passes its parameter "code" on, a coded failure its "said" (a scanned CodedMessage.Of).
                if (code < args.Count && args[code] is "code" or "said")
                    continue;
                var literal = code < args.Count ? CodeLiteral().Match(args[code]) : Match.Empty;
                sites.Add(new RefusalSite(where, literal.Success ? literal.Groups[1].Value : null, Math.Max(0, args.Count - code - 2)));
            }
        }
        return sites;
    }

    public static IReadOnlyList<string> Problems(IReadOnlyList<RefusalSite> sites, IReadOnlyDictionary<string, string> chinese, IReadOnlyDictionary<string, string> english)
    {
        var problems = new List<string>();
        foreach (var site in sites)
        {
            if (site.Code is not { } code)
            {
                problems.Add($"{site.Where} gives a refusal with no literal code; a reader would get English.");
                continue;
            }
            foreach (var (language, texts) in new[] { ("zh-CN", chinese), ("en", english) })
            {
                if (!texts.TryGetValue("Refusal." + code, out var text))
                {
                    problems.Add($"{site.Where}: {code} has no {language} text (Refusal.{code}).");
                    continue;
                }
                if (language == "zh-CN" && !Chinese().IsMatch(text))
                    problems.Add($"{site.Where}: {code}: the zh-CN text \"{text}\" has no Chinese in it.");
                var used = Placeholder().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
                if (!used.SequenceEqual(Enumerable.Range(0, site.Arguments)))
                    problems.Add($"{site.Where}: {code}: the {language} text has placeholders {string.Join(", ", used.Select(i => $"{{{i}}}"))} but the refusal gives {site.Arguments} argument(s).");
            }
        }
        return problems;
    }

    /// <summary>The top-level arguments of the call whose "(" is at <paramref name="open"/>, skipping strings, interpolation holes and nested brackets.</summary>
    private static List<string> Arguments(string s, int open)
    {
        var args = new List<string>();
        var start = open + 1;
        var depth = 0;
        for (var i = open + 1; i < s.Length;)
        {
            var c = s[i];
            if (StringAt(s, i))
            {
                i = SkipString(s, i);
                continue;
            }
            if (c == '/' && s[i + 1] == '/')
            {
                i = s.IndexOf('\n', i);
                continue;
            }
            if (c == '\'')
            {
                i = s.IndexOf('\'', i + (s[i + 1] == '\\' ? 3 : 2)) + 1;
                continue;
            }
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    if (s[start..i].Trim() is { Length: > 0 } last)
                        args.Add(last);
                    return args;
                }
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                args.Add(s[start..i].Trim());
                start = i + 1;
            }
            i++;
        }
        return args;
    }

    private static bool StringAt(string s, int i)
    {
        var j = i;
        while (j < s.Length && s[j] is '$' or '@')
            j++;
        return j < s.Length && s[j] == '"' && (j == i || !char.IsLetterOrDigit(s[i - 1]));
    }

    private static int SkipString(string s, int i)
    {
        var prefix = i;
        while (s[i] is '$' or '@')
            i++;
        var verbatim = s.AsSpan(prefix, i - prefix).Contains('@');
        var interpolated = s.AsSpan(prefix, i - prefix).Contains('$');
        if (s.AsSpan(i).StartsWith("\"\"\""))
            return s.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal) + 3;
        for (i++; i < s.Length;)
        {
            var c = s[i];
            if (verbatim && c == '"' && i + 1 < s.Length && s[i + 1] == '"')
                i += 2;
            else if (!verbatim && c == '\\')
                i += 2;
            else if (c == '"')
                return i + 1;
            else if (interpolated && c == '{' && s[i + 1] == '{')
                i += 2;
            else if (interpolated && c == '{')
                i = SkipHole(s, i + 1);
            else
                i++;
        }
        return i;
    }

    private static int SkipHole(string s, int i)
    {
        var depth = 0;
        while (i < s.Length)
        {
            if (StringAt(s, i))
            {
                i = SkipString(s, i);
                continue;
            }
            var c = s[i];
            if (c is '(' or '[' or '{')
                depth++;
            else if (c is ')' or ']' or '}' && depth-- == 0)
                return i + 1;
            i++;
        }
        return i;
    }
}
