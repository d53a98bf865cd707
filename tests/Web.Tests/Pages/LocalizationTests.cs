using System.Collections;
using System.Globalization;
using System.Resources;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Pages;

namespace AssessmentEngine.Web.Tests.Pages;

public sealed class LocalizationTests
{
    private static HashSet<string> Keys(CultureInfo culture)
    {
        var resources = new ResourceManager(typeof(SharedResource).FullName!, typeof(SharedResource).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No {typeof(SharedResource).FullName} resources for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();
    }

    [Fact]
    public void Every_Chinese_string_has_its_English_translation_and_the_other_way_round()
    {
        var chinese = Keys(CultureInfo.InvariantCulture);
        var english = Keys(CultureInfo.GetCultureInfo("en"));

        chinese.Should().Contain("App.Name");
        english.Should().BeEquivalentTo(chinese);
    }

    [Fact]
    public void Every_audited_command_is_in_the_audit_filter_with_a_word_for_it()
    {
        var audited = typeof(SharedResource).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(AssessmentEngine.Web.Infrastructure.Auditing.IAuditedCommand).IsAssignableFrom(t))
            .Select(t => t.Name)
            .ToList();
        var chinese = Keys(CultureInfo.InvariantCulture);

        audited.Should().HaveCountGreaterThan(20);
        Words.AuditActions.Should().Contain(audited, "the audit page filters by every action the log can hold");
        Words.AuditActions.Should().OnlyHaveUniqueItems();
        Words.AuditActions.Select(a => "Audit.Action." + a).Where(k => !chinese.Contains(k)).Should().BeEmpty("each action is shown as a word");
    }

    [Fact]
    public void Times_are_shown_as_Asia_Shanghai_wall_time()
    {
        LocalTime.Format(new DateTimeOffset(2026, 10, 31, 17, 30, 0, TimeSpan.Zero)).Should().Be("2026-11-01 01:30");
        LocalTime.Format(new DateTimeOffset(2026, 10, 31, 17, 30, 0, TimeSpan.Zero), LocalTime.DatePattern).Should().Be("2026-11-01");
        LocalTime.Format((DateTimeOffset?)null).Should().BeEmpty();
        ShanghaiTime.Zone.Id.Should().Be("Asia/Shanghai");
    }
}
