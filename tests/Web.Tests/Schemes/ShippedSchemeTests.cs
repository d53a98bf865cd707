using System.Text.Json;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Tests.Schemes;

public class ShippedSchemeTests
{
    private static readonly string[] Shipped = ["officer-monthly.json", "auxiliary-monthly.json", "squad-monthly.json", "outcomes-monthly.json", "backlog-quarterly.json"];

    /// <summary>Real-time checks score nothing: no categories, points or grades (Interlock/PenaltyInterlockRuleTests covers them).</summary>
    private static readonly string[] RealTimeChecks = ["penalty-interlock.json"];

    public static TheoryData<string> FileNames => new(Shipped);

    public static TheoryData<string> AllFileNames => new([.. Shipped, .. RealTimeChecks]);

    [Fact]
    public void Every_expected_scheme_file_is_embedded_in_the_web_assembly()
    {
        ShippedSchemes.Files().Select(f => f.FileName).Should().BeEquivalentTo(Shipped.Concat(RealTimeChecks).Select(n => "rules/" + n));
    }

    [Theory]
    [MemberData(nameof(AllFileNames))]
    public void A_shipped_scheme_compiles_with_no_diagnostic_at_all(string fileName)
    {
        var check = ShippedSchemeFiles.Catalog.Check(ShippedSchemeFiles.Content(fileName), fileName);

        check.Diagnostics.Select(d => d.ToString()).Should().BeEmpty();
        check.Compiled.RuleSet.Should().NotBeNull();
        check.SchemeName.Should().Be(Path.GetFileNameWithoutExtension(fileName));
    }

    [Theory]
    [InlineData("officer-monthly.json", SchemePopulation.Officer, "Monthly")]
    [InlineData("auxiliary-monthly.json", SchemePopulation.Auxiliary, "Monthly")]
    [InlineData("squad-monthly.json", SchemePopulation.Squad, "Monthly")]
    [InlineData("outcomes-monthly.json", SchemePopulation.Outcome, "Monthly")]
    [InlineData("backlog-quarterly.json", SchemePopulation.Officer, "Quarterly")]
    [InlineData("penalty-interlock.json", SchemePopulation.Event, "RealTime")]
    public void A_shipped_scheme_declares_the_population_and_period_it_is_meant_for(string fileName, SchemePopulation population, string period)
    {
        var check = ShippedSchemeFiles.Catalog.Check(ShippedSchemeFiles.Content(fileName), fileName);

        check.Population.Should().Be(population);
        check.Period.Should().Be(period);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Every_rule_has_a_chinese_title_and_a_category_the_scheme_declares(string fileName)
    {
        using var document = JsonDocument.Parse(ShippedSchemeFiles.Content(fileName));
        var scheme = document.RootElement.GetProperty("Scheme");
        var categories = scheme.GetProperty("Categories").EnumerateArray().ToDictionary(c => c.GetProperty("Name").GetString()!, c => c.GetProperty("Title").GetString());

        HasChinese(scheme.GetProperty("Title").GetString()).Should().BeTrue("the scheme's title is read by inspectors");
        categories.Values.Should().OnlyContain(title => HasChinese(title), "every category has a Chinese title");
        foreach (var rule in document.RootElement.GetProperty("Rules").EnumerateArray())
        {
            var name = rule.GetProperty("RuleName").GetString();
            var properties = rule.GetProperty("Properties");
            HasChinese(properties.GetProperty("Title").GetString()).Should().BeTrue($"rule {name} needs a Chinese title");
            categories.Should().ContainKey(properties.GetProperty("Category").GetString()!, $"rule {name} must count towards a declared category");
            properties.TryGetProperty("Points", out _).Should().BeTrue($"rule {name} states its points, even when they are 0");
        }
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Every_rule_with_points_per_count_names_its_records_or_its_values(string fileName)
    {
        using var document = JsonDocument.Parse(ShippedSchemeFiles.Content(fileName));
        foreach (var rule in document.RootElement.GetProperty("Rules").EnumerateArray())
        {
            var properties = rule.GetProperty("Properties");
            if (properties.GetProperty("Points").ValueKind != JsonValueKind.String)
                continue;
            var explained = properties.TryGetProperty("Evidence", out _) || properties.TryGetProperty("Parameters", out _);
            explained.Should().BeTrue($"rule {rule.GetProperty("RuleName").GetString()} computes its points and must show from what");
        }
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Every_parameter_a_rule_explains_with_is_declared_and_every_outcome_tag_is_known(string fileName)
    {
        using var document = JsonDocument.Parse(ShippedSchemeFiles.Content(fileName));
        var globals = document.RootElement.GetProperty("GlobalParams").EnumerateArray().Select(p => p.GetProperty("Name").GetString()).ToHashSet();
        string[] tags = ["Warning", "Interview:Squad", "Interview:Department", "Interview:Committee", "Commendation:ExcellentOfficer", "Commendation:ExcellentAuxiliary", "Commendation:AdvancedSquad"];
        foreach (var rule in document.RootElement.GetProperty("Rules").EnumerateArray())
        {
            var properties = rule.GetProperty("Properties");
            if (properties.TryGetProperty("Parameters", out var parameters))
                parameters.EnumerateArray().Select(p => p.GetString()).Should().BeSubsetOf(globals);
            if (properties.TryGetProperty("Outcome", out var outcome))
                tags.Should().Contain(outcome.GetString());
        }
    }

    [Fact]
    public void Shipped_schemes_import_into_an_empty_catalogue_without_an_error()
    {
        foreach (var (fileName, content) in ShippedSchemes.Files())
            ShippedSchemeFiles.Catalog.Check(content, fileName).ErrorCount.Should().Be(0, fileName);
    }

    private static bool HasChinese(string? text) => text is not null && text.Any(c => c >= '\u4e00' && c <= '\u9fff');
}
