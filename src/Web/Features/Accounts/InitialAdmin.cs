using System.Security.Cryptography;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>On first start, when no account exists, creates <c>admin</c> so that someone can sign in and create the others.</summary>
public sealed record CreateInitialAdmin(string Password) : ICommand<UserView?>, IAuditedCommand
{
    public const string UserName = "admin";

    public override string ToString() => "CreateInitialAdmin";
}

internal sealed class CreateInitialAdminHandler(AssessmentDbContext db, IPasswordHasher<UserAccount> hasher, AuditLog audit, TimeProvider clock)
    : IRequestHandler<CreateInitialAdmin, UserView?>
{
    public async ValueTask<UserView?> Handle(CreateInitialAdmin request, CancellationToken cancellationToken)
    {
        if (await db.Set<UserAccount>().AnyAsync(cancellationToken))
            return null;
        var admin = new UserAccount(CreateInitialAdmin.UserName, "Administrator", Role.Admin, unitId: null, officerId: null, clock.GetUtcNow().UtcDateTime);
        admin.ChangePasswordHash(hasher.HashPassword(admin, request.Password));
        db.Add(admin);
        await db.SaveChangesAsync(cancellationToken);
        audit.Concerning(admin.UnitId).Describe(nameof(UserAccount), admin.Id, before: null, after: admin.ToView());
        return admin.ToView();
    }
}

internal static class InitialAdmin
{
    public const string PasswordFileName = "initial-admin-password.txt";

    /// <summary>
    /// Creates the first admin when the database has no account. The password comes from Security:InitialAdminPassword
    /// (set it through the environment) or is generated and written, readable by the service user only, to the data directory.
    /// </summary>
    public static async Task EnsureInitialAdminAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AssessmentDbContext>();
        if (await db.Set<UserAccount>().AnyAsync(cancellationToken))
            return;

        var configured = services.GetRequiredService<IOptions<AccountOptions>>().Value.InitialAdminPassword;
        if (!string.IsNullOrEmpty(configured) && configured.Length < PasswordPolicy.MinLength)
            throw new InvalidOperationException($"Security:InitialAdminPassword needs at least {PasswordPolicy.MinLength} characters.");
        var password = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 20) : configured;
        UserView? created;
        try
        {
            created = await services.GetRequiredService<IMediator>().Send(new CreateInitialAdmin(password), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node starting at the same moment created it first.
            return;
        }
        if (created is null)
            return;

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AssessmentEngine.Accounts");
        if (!string.IsNullOrEmpty(configured))
        {
            logger.LogWarning("Created the initial account '{UserName}' with the password from Security:InitialAdminPassword.", created.UserName);
            return;
        }
        var file = Path.Combine(DataDirectory(app), PasswordFileName);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(file, fileOptions))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(password);
        }
        logger.LogWarning("Created the initial account '{UserName}'; its password is in {File} (readable by this service user only). Sign in, change it, and delete the file.",
            created.UserName, file);
    }

    private static string DataDirectory(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var directory = Path.IsPathRooted(options.DataDirectory) ? options.DataDirectory : Path.Combine(app.Environment.ContentRootPath, options.DataDirectory);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
