using System.Reflection;
using System.Text;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// The scheme files shipped in rules/ (embedded in this assembly). On start-up each scheme that has no version in
/// the database is saved as version 1 and put in force from <see cref="InForceFrom"/>, so a new installation can
/// evaluate at once; after that, inspectors change schemes through versions, and shipped files never overwrite them.
/// </summary>
public static class ShippedSchemes
{
    public static readonly AssessmentPeriod InForceFrom = AssessmentPeriod.Month(2020, 1);

    public static IReadOnlyList<(string FileName, string Content)> Files()
    {
        var assembly = typeof(ShippedSchemes).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("rules/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n, Read(assembly, n)))
            .ToList();
    }

    public static async Task<IReadOnlyList<RuleSetVersion>> ImportAsync(AssessmentDbContext db, SchemeCatalog catalog, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await ImportAsync(db, catalog, Files(), now, cancellationToken);

    public static async Task<IReadOnlyList<RuleSetVersion>> ImportAsync(AssessmentDbContext db, SchemeCatalog catalog, IEnumerable<(string FileName, string Content)> files, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(files);
        var imported = new List<RuleSetVersion>();
        var known = (await db.RuleSetVersions.Select(v => v.SchemeName).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var (fileName, content) in files)
        {
            var check = catalog.Check(content, fileName);
            if (check.SchemeName is null || check.ErrorCount > 0)
                throw new InvalidOperationException($"Shipped scheme {fileName} does not compile: {string.Join("; ", check.Diagnostics.Take(5))}");
            if (!known.Add(check.SchemeName))
                continue;
            var version = RuleSetVersion.Save(check.SchemeName, 1, check.Compiled.VersionHash, content, 0, "system", now, $"shipped {fileName}");
            version.Activate(InForceFrom, "system", now);
            db.RuleSetVersions.Add(version);
            imported.Add(version);
        }
        await db.SaveChangesAsync(cancellationToken);
        return imported;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
