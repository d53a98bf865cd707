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
    public void Times_are_shown_as_Asia_Shanghai_wall_time()
    {
        LocalTime.Format(new DateTimeOffset(2026, 10, 31, 17, 30, 0, TimeSpan.Zero)).Should().Be("2026-11-01 01:30");
        LocalTime.Format(new DateTimeOffset(2026, 10, 31, 17, 30, 0, TimeSpan.Zero), LocalTime.DatePattern).Should().Be("2026-11-01");
        LocalTime.Format((DateTimeOffset?)null).Should().BeEmpty();
        ShanghaiTime.Zone.Id.Should().Be("Asia/Shanghai");
    }
}
