using System.Text.Json;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using AssessmentEngine.Web.Tests.Schemes;

namespace AssessmentEngine.Web.Tests.Interlock;

/// <summary>The shipped penalty interlock (rules/penalty-interlock.json) judged directly through the engine, without a server.</summary>
public class PenaltyInterlockRuleTests
{
    private static readonly CompiledWorkflow Interlock = ShippedSchemeFiles.Compile("penalty-interlock.json");

    private static Dictionary<string, bool> Judge(Dictionary<string, object?> penalty, out IReadOnlyList<RuleResultTree> results)
    {
        var document = JsonSerializer.SerializeToElement(penalty, TestApp.Json);
        results = Interlock.Execute(new EvaluationContext(DateTimeOffset.UnixEpoch), document);
        return results.ToDictionary(r => r.Rule.RuleName, r => r.IsSuccess);
    }

    [Fact]
    public void A_routine_penalty_with_uploaded_footage_passes_every_rule()
    {
        Judge(PenaltyEvents.Routine(), out _).Values.Should().OnlyContain(success => success);
    }

    [Fact]
    public void A_penalty_without_footage_is_blocked_with_the_officers_badge_in_the_message()
    {
        var verdict = Judge(PenaltyEvents.Routine().With("hasFootage", false).With("footageSeconds", null), out var results);

        verdict.Where(v => !v.Value).Select(v => v.Key).Should().Equal("FootageRequired");
        results.Single(r => r.Rule.RuleName == "FootageRequired").ExceptionMessage.Should().StartWith("民警A2作出处罚决定前须有执法记录仪视频");
    }

    [Theory]
    [InlineData("DeviceFault", true)]
    [InlineData("Emergency", true)]
    [InlineData("SelfReported", true)]
    [InlineData("Forgot", false)]
    public void Only_a_whitelisted_exemption_lets_a_small_penalty_through_without_footage(string reason, bool allowed)
    {
        var verdict = Judge(PenaltyEvents.Routine().With("hasFootage", false).With("exemptionReason", reason), out _);

        verdict.Values.All(v => v).Should().Be(allowed);
        if (!allowed)
            verdict.Where(v => !v.Value).Select(v => v.Key).Should().BeEquivalentTo("FootageRequired", "ExemptionReasonKnown");
    }

    [Fact]
    public void A_large_fine_needs_footage_even_with_an_exemption()
    {
        var verdict = Judge(PenaltyEvents.Routine().With("hasFootage", false).With("exemptionReason", "DeviceFault").With("fineAmount", 2000), out var results);

        verdict.Where(v => !v.Value).Select(v => v.Key).Should().Equal("LargePenaltyNeedsFootage");
        results.Single(r => !r.IsSuccess).ExceptionMessage.Should().Be("罚款2000元、记3分的处罚必须有执法记录仪视频，豁免事由不适用");
    }

    [Fact]
    public void Short_or_unuploaded_footage_and_an_off_site_penalty_without_a_second_officer_are_blocked()
    {
        var verdict = Judge(PenaltyEvents.Routine().With("footageSeconds", 12).With("footageUploaded", false).With("onSite", false).With("secondOfficerId", 2), out var results);

        verdict.Where(v => !v.Value).Select(v => v.Key).Should().BeEquivalentTo("FootageLongEnough", "FootageUploaded", "SecondOfficerOffSite");
        results.Single(r => r.Rule.RuleName == "FootageLongEnough").ExceptionMessage.Should().Be("执法记录仪视频时长12秒，不足30秒，不能完整反映执法过程");
        Judge(PenaltyEvents.Routine().With("onSite", false).With("secondOfficerId", 4), out _).Values.Should().OnlyContain(success => success);
    }

    [Fact]
    public void Every_rule_has_a_chinese_title_and_message()
    {
        foreach (var rule in Interlock.Definition.Rules)
        {
            rule.Properties["Title"].GetString().Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}", rule.RuleName);
            rule.ErrorMessage.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}", rule.RuleName);
        }
    }

    [Fact]
    public void The_event_shape_names_every_misfit_field_at_once()
    {
        var shape = SchemeCatalog.EventShapeOf(Interlock.Definition.Scheme)!;
        var document = JsonSerializer.SerializeToElement(PenaltyEvents.Routine().With("fineAmount", "lots").With("onSite", null).Without("hasFootage"), TestApp.Json);

        shape.Check(document).Select(p => p.Key).Should().BeEquivalentTo("FineAmount", "OnSite", "HasFootage");
    }

    [Fact]
    public void A_real_time_check_without_an_officer_in_its_event_shape_is_refused()
    {
        var content = ShippedSchemeFiles.Content("penalty-interlock.json").Replace("\"OfficerId\": \"long\",", "", StringComparison.Ordinal);

        var check = ShippedSchemeFiles.Catalog.Check(content, "penalty-interlock.json");

        check.ErrorCount.Should().BeGreaterThan(0);
        check.Diagnostics.Select(d => d.Message).Should().Contain(m => m.Contains("\"OfficerId\": \"long\"", StringComparison.Ordinal));
    }
}
