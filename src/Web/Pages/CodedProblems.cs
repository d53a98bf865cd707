using System.Globalization;
using AssessmentEngine.Domain;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages;

/// <summary>
/// A refusal's ProblemDetails carry its code and its words in the reader's language next to the English detail (which
/// programs match on, ADR 23): "code" and "message" for a domain refusal, "messages" by field for a validation problem. The
/// reader is known by the language cookie of the pages, else Accept-Language, else 简体中文 like the pages.
/// </summary>
internal static class CodedProblems
{
    public static void Add(ProblemDetailsContext context)
    {
        var refusal = context.Exception;
        if (refusal is not (DomainException or ValidationException))
            return;
        var http = context.HttpContext;
        var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = ReaderCulture(http.Request);
        try
        {
            var extensions = context.ProblemDetails.Extensions;
            extensions["language"] = CultureInfo.CurrentUICulture.Name;
            if (refusal is DomainException coded)
            {
                extensions["code"] = coded.Code;
                extensions["message"] = Refusals.Text(t, coded);
            }
            else if (refusal is ValidationException invalid)
                extensions["messages"] = invalid.Coded.ToDictionary(e => e.Key, e => e.Value.Select(m => Refusals.Text(t, m)).ToArray());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

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
