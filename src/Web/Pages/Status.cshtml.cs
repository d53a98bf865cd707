using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AssessmentEngine.Web.Pages;

/// <summary>
/// The page a browser sees for an error status of a page request (the API answers ProblemDetails instead). A 404 also
/// stands for "outside your scope", so its text does not claim that the thing does not exist.
/// </summary>
[IgnoreAntiforgeryToken] // A failed form post is re-executed here as a POST; the page changes nothing.
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string TitleKey => Code switch
    {
        404 => "Status.NotFound.Title",
        400 or 422 => "Status.BadRequest.Title",
        >= 500 => "Status.Error.Title",
        _ => "Status.Other.Title",
    };

    public string TextKey => TitleKey.Replace(".Title", ".Text", StringComparison.Ordinal);

    public void OnGet(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        // Re-executed after a failed page request, the original status stays; opened directly, the page answers with its code.
        Response.StatusCode = Code;
    }

    public void OnPost(int code) => OnGet(code);
}
