using System.Globalization;
using AssessmentEngine.Domain;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Tests.RuleSets;

/// <summary>A dry run's stored failure keeps its instants as instants, so that a Chinese reader sees them in Beijing time.</summary>
public sealed class DryRunFailureTests
{
    [Fact]
    public void Instants_of_a_stored_refusal_read_back_as_instants_and_show_in_Beijing_time()
    {
        var at = new DateTimeOffset(2026, 12, 6, 17, 30, 0, TimeSpan.Zero);
        var now = new DateTime(2026, 12, 6, 16, 0, 0, DateTimeKind.Utc);
        var stored = DryRunFailure.Write(Guid.NewGuid(), new DomainException("InterviewHeldInFuture", "An interview cannot be recorded as held in the future.", at, now));

        var read = DryRunFailure.Read(stored)!;

        read.Args.Should().Equal(at, new DateTimeOffset(now));
        Said(read, "zh-CN").Should().Contain("2026-12-07 01:30").And.Contain("2026-12-07 00:00").And.NotContain("T17:30");
        DryRunFailure.Read(DryRunFailure.Write(Guid.NewGuid(), new DomainException("PeriodMustBeMonth", "x", "The monthly evaluation", "2026-Q4")))!
            .Args.Should().Equal("The monthly evaluation", "2026-Q4");
    }

    private static string Said(CodedMessage message, string language)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var t = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return Refusals.Text(t, message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
