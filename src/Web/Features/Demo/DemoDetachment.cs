using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Demo;

/// <summary>One demo account: who it is, what it may see, and its generated password.</summary>
public sealed record DemoAccount(string UserName, string DisplayName, Role Role, long? UnitId, long? OfficerId, string Password);

/// <summary>
/// Completes the demo detachment that Persistence seeded on a first start: the administrator first (it is created only
/// on a database without accounts), every demo month evaluated in this process (oldest first, so the 12-month history
/// behind escalations builds up as it would have; no scheduler involved), and one account for each role to try, their
/// passwords written beside the administrator's. Demo accounts are for trying the system: they are not asked to change
/// their password.
/// </summary>
public sealed class DemoDetachment : IDemoCompletion
{
    public const string AccountsFileName = "demo-accounts.txt";

    public const string EvaluatedBy = "demo-seed";

    public async Task CompleteAsync(WebApplication app, IServiceProvider services, IReadOnlyList<AssessmentPeriod> months, string dataDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(services);
        await app.EnsureInitialAdminAsync(cancellationToken);
        var db = services.GetRequiredService<AssessmentDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AssessmentEngine.Demo");

        // The versions in force are needed to evaluate; the shipped-scheme import later at start-up then finds them all.
        await ShippedSchemes.ImportAsync(db, services.GetRequiredService<SchemeCatalog>(), now, cancellationToken);
        var evaluations = services.GetRequiredService<EvaluationService>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var periods = PeriodsToEvaluate(months);
        foreach (var period in periods)
        {
            await evaluations.EvaluateAsync(period, EvaluatedBy, cancellationToken: cancellationToken);
            db.ChangeTracker.Clear();
        }
        logger.LogInformation("Evaluated the demo history: {Periods} in {Seconds:F1} s", string.Join(", ", periods), watch.Elapsed.TotalSeconds);

        var accounts = await AccountsAsync(db, cancellationToken);
        var hasher = services.GetRequiredService<IPasswordHasher<UserAccount>>();
        foreach (var account in accounts)
        {
            var user = new UserAccount(account.UserName, account.DisplayName, account.Role, account.UnitId, account.OfficerId, now.UtcDateTime);
            user.ChangePasswordHash(hasher.HashPassword(user, account.Password));
            db.Add(user);
        }
        await db.SaveChangesAsync(cancellationToken);
        var file = await WriteAccountsAsync(dataDirectory, accounts, cancellationToken);
        logger.LogWarning("Created {Count} demo accounts, one for each role to try; their passwords are in {File}.", accounts.Count, file);
    }

    /// <summary>
    /// The months oldest first, then the newest complete quarter (the quarterly scheme's page has results); earlier
    /// quarters would triple the facts loaded for little to see, and the first start must stay short.
    /// </summary>
    public static IReadOnlyList<AssessmentPeriod> PeriodsToEvaluate(IEnumerable<AssessmentPeriod> months)
    {
        var ordered = months.Distinct().Order().ToList();
        var quarter = ordered.Select(m => m.ContainingQuarter).Distinct()
            .Where(q => q.Months().All(ordered.Contains)).Order().Select(q => (AssessmentPeriod?)q).LastOrDefault();
        return quarter is { } newest ? [.. ordered, newest] : ordered;
    }

    /// <summary>
    /// One account per role to try, over the first brigade and squad; the two officers (a sworn officer and an auxiliary)
    /// are those of that squad with the most proposed outcomes in the history, so their profiles show something.
    /// </summary>
    private static async Task<IReadOnlyList<DemoAccount>> AccountsAsync(AssessmentDbContext db, CancellationToken cancellationToken)
    {
        var brigade = await db.Units.AsNoTracking().Where(u => u.Kind == UnitKind.Brigade).OrderBy(u => u.Code).FirstAsync(cancellationToken);
        var squad = await db.Units.AsNoTracking().Where(u => u.ParentId == brigade.Id).OrderBy(u => u.Code).FirstAsync(cancellationToken);
        var people = await db.Officers.AsNoTracking().Where(o => o.SquadId == squad.Id).ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id).ToList();
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => o.SubjectKind == SubjectKind.Officer && ids.Contains(o.SubjectId))
            .GroupBy(o => o.SubjectId).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);
        Officer Pick(bool auxiliary) => people.Where(p => p.IsAuxiliary == auxiliary && !p.IsSquadLeader && !p.IsBrigadeLeader)
            .OrderByDescending(p => outcomes.GetValueOrDefault(p.Id)).ThenBy(p => p.Id).First();
        var officer = Pick(auxiliary: false);
        var auxiliary = Pick(auxiliary: true);
        return
        [
            new("detachment-leader", "支队领导（演示）", Role.Leader, null, null, NewPassword()),
            new("brigade-leader", $"{brigade.Name}领导（演示）", Role.Leader, brigade.Id, null, NewPassword()),
            new("squad-leader", $"{brigade.Name}{squad.Name}中队长（演示）", Role.Leader, squad.Id, null, NewPassword()),
            new("inspector", "督察（演示）", Role.Inspector, null, null, NewPassword()),
            new("auditor", "审计（演示）", Role.Auditor, null, null, NewPassword()),
            new("officer", $"{officer.Name}（民警 {officer.BadgeNumber}，演示）", Role.Officer, squad.Id, officer.Id, NewPassword()),
            new("auxiliary", $"{auxiliary.Name}（辅警 {auxiliary.BadgeNumber}，演示）", Role.Officer, squad.Id, auxiliary.Id, NewPassword()),
        ];
    }

    private static string NewPassword() => RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 16);

    /// <summary>Readable by the service user only, like the administrator's password file.</summary>
    private static async Task<string> WriteAccountsAsync(string dataDirectory, IReadOnlyList<DemoAccount> accounts, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, AccountsFileName);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var text = new StringBuilder("# user name\tpassword\trole\tscope (demo accounts; sign in at /signin)\n");
        foreach (var a in accounts)
            text.Append(CultureInfo.InvariantCulture, $"{a.UserName}\t{a.Password}\t{a.Role}\t{a.DisplayName}\n");
        await using var stream = new FileStream(file, fileOptions);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteAsync(text.ToString().AsMemory(), cancellationToken);
        return file;
    }
}
