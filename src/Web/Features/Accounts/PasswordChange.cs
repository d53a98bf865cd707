using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// Holds a session whose password someone else chose (an administrator's reset, a new account, the generated first
/// password) at the password page until it is changed: pages redirect there, the API answers 403 saying so.
/// </summary>
public static class PasswordChange
{
    public const string PagePath = "/account/password";

    private const string RequiredKey = "ae:must-change-password";

    /// <summary>Where such a session may still go: the page and API that change the password, signing out, the language switch.</summary>
    private static readonly string[] Open = [PagePath, "/api/auth", "/signout", "/culture", "/status", "/forbidden"];

    public static bool IsRequired(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.ContainsKey(RequiredKey);
    }

    /// <summary>Called by the session check, which reads the account on every request anyway.</summary>
    internal static void MarkRequired(HttpContext http) => http.Items[RequiredKey] = true;

    public static WebApplication UsePasswordChangeGate(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (!IsRequired(context) || Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                await next(context);
                return;
            }
            if (ApiRequests.IsApi(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                var words = context.RequestServices.GetRequiredService<IReaderWords>();
                var problem = ReaderProblems.Of(context.Request, words, StatusCodes.Status403Forbidden, ProblemTitles.PasswordChangeRequired,
                    CodedMessage.Of("PasswordChangeFirst", "The password was set by an administrator: change it with POST /api/auth/password {currentPassword, newPassword} first."));
                await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken: context.RequestAborted);
                return;
            }
            var back = context.Request.GetEncodedPathAndQuery();
            context.Response.Redirect(PagePath + "?returnUrl=" + Uri.EscapeDataString(back));
        });
        return app;
    }
}
