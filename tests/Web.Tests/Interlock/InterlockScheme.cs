using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Interlock;

/// <summary>Puts the shipped penalty interlock back in force after a test replaced (retired) every shipped scheme.</summary>
internal static class InterlockScheme
{
    public const string Name = "penalty-interlock";

    public static async Task PutInForceAsync(AssessmentDbContext db, SchemeCatalog catalog)
    {
        var content = ShippedSchemes.Files().Single(f => f.FileName == $"rules/{Name}.json").Content;
        var check = catalog.Check(content, $"{Name}.json");
        var number = await db.RuleSetVersions.Where(v => v.SchemeName == Name).MaxAsync(v => (int?)v.Number) ?? 0;
        var version = RuleSetVersion.Save(Name, number + 1, check.Compiled.VersionHash, content, check.ErrorCount, "test", DateTimeOffset.UtcNow);
        version.Activate(ShippedSchemes.InForceFrom, "test", DateTimeOffset.UtcNow);
        db.RuleSetVersions.Add(version);
        await db.SaveChangesAsync();
    }
}
