using System.Globalization;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages;

/// <summary>Looks a coded message up as the pages do, in the culture ReaderLanguage chooses for API readers.</summary>
internal sealed class ReaderWords(IStringLocalizer<SharedResource> t) : IReaderWords
{
    public string Say(HttpRequest request, CodedMessage message)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = ReaderLanguage.ReaderCulture(request);
        try
        {
            return Refusals.Text(t, message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public string LanguageOf(HttpRequest request) => ReaderLanguage.ReaderCulture(request).Name;
}
