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
        auth.MapPost("/password", ChangePassword).RequireRolesOf<ChangeOwnPassword>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        var users = app.MapGroup("/api/users").WithTags("Users")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapGet("/", ListUsers).RequireRolesOf<ListUsers>();
        users.MapPost("/", CreateUser).RequireRolesOf<CreateUser>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id:long}/password", ResetPassword).RequireRolesOf<ResetPassword>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id:long}/unlock", UnlockUser).RequireRolesOf<UnlockUser>().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id:long}/disable", DisableUser).RequireRolesOf<DisableUser>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPost("/{id:long}/enable", EnableUser).RequireRolesOf<EnableUser>().ProducesProblem(StatusCodes.Status404NotFound);

        var tokens = app.MapGroup("/api/tokens").WithTags("API tokens")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        tokens.MapGet("/", ListTokens).RequireRolesOf<ListApiTokens>();
        tokens.MapPost("/", CreateToken).RequireRolesOf<CreateApiToken>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        tokens.MapPost("/{id:long}/revoke", RevokeToken).RequireRolesOf<RevokeApiToken>().ProducesProblem(StatusCodes.Status404NotFound);
        tokens.MapPost("/{id:long}/rotate", RotateToken).RequireRolesOf<RotateApiToken>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Who is signed in: a person or a token, with role and scope.</summary>
    public sealed record Actor(string Name, ActorKind Kind, Role? Role, long? UnitId, long? OfficerId, bool MustChangePassword = false);

    public sealed record NewPassword(string Password)
    {
        public override string ToString() => "NewPassword";
    }

    private static async Task<Results<Ok<Actor>, ProblemHttpResult>> Login(SignIn credentials, IMediator mediator, IReaderWords words, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(credentials, cancellationToken);
        if (result is not { Status: SignInStatus.SignedIn, Account: { } user })
        {
            var detail = result.Status switch
            {
                SignInStatus.LockedOut => CodedMessage.Of("SignInLockedOut", $"Too many wrong passwords: the account is locked until {result.LockedUntil:yyyy-MM-dd HH:mm} UTC.", result.LockedUntil),
                SignInStatus.Disabled => CodedMessage.Of("SignInDisabled", "The account is disabled; an administrator can enable it."),
                _ => CodedMessage.Of("SignInWrong", "Wrong user name or password."),
            };
            return TypedResults.Problem(ReaderProblems.Of(http.Request, words, StatusCodes.Status401Unauthorized, ProblemTitles.SignInFailed, detail));
        }

        await SessionCookie.StartAsync(http, result);
        return TypedResults.Ok(new Actor(user.UserName, ActorKind.User, user.Role, user.UnitId, user.OfficerId, user.MustChangePassword));
    }

    private static async Task<NoContent> Logout(IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        await mediator.Send(new SignOut(), cancellationToken);
        await http.SignOutAsync(AccountsSetup.CookieScheme);
        return TypedResults.NoContent();
    }

    private static Ok<Actor> Me(CurrentActor actor, HttpContext http) =>
        TypedResults.Ok(new Actor(actor.Name, actor.Kind, actor.Role, actor.UnitId, actor.OfficerId, PasswordChange.IsRequired(http)));

    private static async Task<NoContent> ChangePassword(ChangeOwnPassword command, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var user = await mediator.Send(command, cancellationToken);
        // The new stamp ended every session, this one too: it goes on under a fresh cookie.
        await SessionCookie.RenewAsync(http, user);
        return TypedResults.NoContent();
    }

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

    private static async Task<Ok<UserView>> DisableUser(long id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new DisableUser(id), cancellationToken));

    private static async Task<Ok<UserView>> EnableUser(long id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new EnableUser(id), cancellationToken));

    private static async Task<Created<IssuedApiToken>> RotateToken(long id, IMediator mediator, CancellationToken cancellationToken)
    {
        var issued = await mediator.Send(new RotateApiToken(id), cancellationToken);
        return TypedResults.Created($"/api/tokens/{issued.Token.Id}", issued);
    }

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
