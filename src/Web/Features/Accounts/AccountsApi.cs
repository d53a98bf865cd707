using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentEngine.Web.Features.Accounts;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(AccountsSetup.SignInRateLimit).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/logout", Logout);
        auth.MapGet("/me", Me);

        var users = app.MapGroup("/api/users").WithTags("Users")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapGet("/", ListUsers).RequireRolesOf<ListUsers>();
        users.MapPost("/", CreateUser).RequireRolesOf<CreateUser>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id:long}/password", ResetPassword).RequireRolesOf<ResetPassword>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id:long}/unlock", UnlockUser).RequireRolesOf<UnlockUser>().ProducesProblem(StatusCodes.Status404NotFound);

        var tokens = app.MapGroup("/api/tokens").WithTags("API tokens")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        tokens.MapGet("/", ListTokens).RequireRolesOf<ListApiTokens>();
        tokens.MapPost("/", CreateToken).RequireRolesOf<CreateApiToken>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        tokens.MapPost("/{id:long}/revoke", RevokeToken).RequireRolesOf<RevokeApiToken>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Who is signed in: a person or a token, with role and scope.</summary>
    public sealed record Actor(string Name, ActorKind Kind, Role? Role, long? UnitId, long? OfficerId);

    public sealed record NewPassword(string Password)
    {
        public override string ToString() => "NewPassword";
    }

    private static async Task<Results<Ok<Actor>, ProblemHttpResult>> Login(SignIn credentials, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(credentials, cancellationToken);
        if (result is not { Status: SignInStatus.SignedIn, Account: { } user })
        {
            var detail = result.Status == SignInStatus.LockedOut
                ? $"Too many wrong passwords: the account is locked until {result.LockedUntil:yyyy-MM-dd HH:mm} UTC."
                : "Wrong user name or password.";
            return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }

        await SessionCookie.StartAsync(http, user);
        return TypedResults.Ok(new Actor(user.UserName, ActorKind.User, user.Role, user.UnitId, user.OfficerId));
    }

    private static async Task<NoContent> Logout(IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        await mediator.Send(new SignOut(), cancellationToken);
        await http.SignOutAsync(AccountsSetup.CookieScheme);
        return TypedResults.NoContent();
    }

    private static Ok<Actor> Me(CurrentActor actor) =>
        TypedResults.Ok(new Actor(actor.Name, actor.Kind, actor.Role, actor.UnitId, actor.OfficerId));

    private static async Task<Ok<IReadOnlyList<UserView>>> ListUsers(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListUsers(), cancellationToken));

    private static async Task<Created<UserView>> CreateUser(CreateUser command, IMediator mediator, CancellationToken cancellationToken)
    {
        var user = await mediator.Send(command, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", user);
    }

    private static async Task<Ok<UserView>> ResetPassword(long id, NewPassword body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ResetPassword(id, body.Password), cancellationToken));

    private static async Task<Ok<UserView>> UnlockUser(long id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new UnlockUser(id), cancellationToken));

    private static async Task<Ok<IReadOnlyList<ApiTokenView>>> ListTokens(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListApiTokens(), cancellationToken));

    private static async Task<Created<IssuedApiToken>> CreateToken(CreateApiToken command, IMediator mediator, CancellationToken cancellationToken)
    {
        var issued = await mediator.Send(command, cancellationToken);
        return TypedResults.Created($"/api/tokens/{issued.Token.Id}", issued);
    }

    private static async Task<Ok<ApiTokenView>> RevokeToken(long id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RevokeApiToken(id), cancellationToken));
}
