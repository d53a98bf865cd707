using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace AssessmentEngine.Web.Pages;

/// <summary>
/// The language an API reader is answered in (ADR 28, 33): the language cookie of the pages, else Accept-Language, else
/// 简体中文 like the pages.
/// </summary>
internal static class ReaderLanguage
{
    public static CultureInfo ReaderCulture(HttpRequest request)
    {
        if (request.Cookies.TryGetValue(CookieRequestCultureProvider.DefaultCookieName, out var cookie)
            && CookieRequestCultureProvider.ParseCookieValue(cookie) is { UICultures: [var chosen, ..] })
        {
            return Supported(chosen.Value) ?? PagesSetup.Cultures[0];
        }
        foreach (var language in request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1))
        {
            if (Supported(language.Value.Value) is { } culture)
                return culture;
        }
        return PagesSetup.Cultures[0];
    }

    private static CultureInfo? Supported(string? name) =>
        name is null ? null : PagesSetup.Cultures.FirstOrDefault(c => name.Equals(c.Name, StringComparison.OrdinalIgnoreCase) || name.StartsWith(c.TwoLetterISOLanguageName, StringComparison.OrdinalIgnoreCase));
}
