using System.Security.Claims;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http.Features;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// Words for the statuses the framework answers without a handler (no such address, not signed in, a role the endpoint
/// does not admit, a method the address does not take, too many requests): in the reader's language with a code, like
/// every other problem (ADR 33), instead of the framework's English reason phrase.
/// </summary>
internal static class BareStatusProblems
{
    public static void Say(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        // Problems built by RequestFailureHandler already carry their code and words.
        if (problem.Extensions.ContainsKey("code") || problem.Status is not { } status)
            return;
        var http = context.HttpContext;
        var (title, detail) = status switch
        {
            StatusCodes.Status401Unauthorized => (ProblemTitles.Unauthorized, CodedMessage.Of("SignInFirst", "Sign in first (POST /api/auth/login) or send a token as Authorization: Bearer.")),
            StatusCodes.Status403Forbidden => (ProblemTitles.Forbidden, RoleRefused(http)),
            StatusCodes.Status404NotFound => (ProblemTitles.NotFound, CodedMessage.Of("NoSuchAddress", $"Nothing answers {http.Request.Method} {http.Request.Path}.", http.Request.Method, http.Request.Path.Value ?? "/")),
            StatusCodes.Status405MethodNotAllowed => (ProblemTitles.MethodNotAllowed, CodedMessage.Of("MethodNotAllowed", $"{http.Request.Method} is not accepted at {http.Request.Path}.", http.Request.Method, http.Request.Path.Value ?? "/")),
            StatusCodes.Status429TooManyRequests => (ProblemTitles.TooManyRequests, CodedMessage.Of("TooManyRequests", "Too many requests in a short time; wait a minute and try again.")),
            _ => default,
        };
        if (title is null || detail is null)
            return;
        var words = http.RequestServices.GetRequiredService<IReaderWords>();
        var said = ReaderProblems.Of(http.Request, words, status, title, detail);
        problem.Title = said.Title;
        problem.Detail = said.Detail;
        foreach (var (key, value) in said.Extensions)
            problem.Extensions[key] = value;
    }

    /// <summary>The roles the endpoint admits, named as words, and the caller's own: what to ask an administrator for.</summary>
    private static CodedMessage RoleRefused(HttpContext http)
    {
        var metadata = http.Features.Get<IEndpointFeature>()?.Endpoint?.Metadata;
        // RequireRoles declares a policy; [Authorize(Roles = …)] declares names: both say which roles get through.
        var fromPolicies = (metadata?.GetOrderedMetadata<AuthorizationPolicy>() ?? [])
            .SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>()).SelectMany(r => r.AllowedRoles);
        var fromAttributes = (metadata?.GetOrderedMetadata<IAuthorizeData>() ?? [])
            .SelectMany(a => (a.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var admitted = fromPolicies.Concat(fromAttributes)
            .Select(name => Enum.TryParse<Role>(name, out var role) ? role : (Role?)null)
            .OfType<Role>().Distinct().ToList();
        var own = Enum.TryParse<Role>(http.User.FindFirstValue(ClaimTypes.Role), out var mine) ? (object)mine : "—";
        return admitted.Count == 0
            ? CodedMessage.Of("NotAdmitted", "Your account may not use this address.")
            : CodedMessage.Of("RoleNotAllowed", $"This request is for {string.Join(", ", admitted)}; your role is {own}.", admitted, own);
    }
}
