using System.Security.Cryptography;
using System.Text;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>One saved version of a scheme, as inspectors see it in the list.</summary>
public sealed record RuleSetVersionView(
    string Scheme,
    int Number,
    string Hash,
    RuleSetStatus Status,
    string? EffectiveFrom,
    int ErrorCount,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? Note,
    string? ActivatedBy,
    DateTimeOffset? ActivatedAt,
    string? FirstUsedFor);

/// <summary>A version with its rule file and every diagnostic the file has today.</summary>
public sealed record RuleSetVersionDetail(RuleSetVersionView Version, string Content, IReadOnlyList<DiagnosticView> Diagnostics);

/// <summary>
/// A finding about a rule file, with its position in the file and inside the expression. <see cref="Message"/> is the
/// engine's English; <see cref="MessageId"/>, <see cref="Arguments"/> and the part (<see cref="PartId"/>, <see cref="PartName"/>)
/// let a reader's language say the same, and <see cref="Text"/> is that sentence once the answer is worded for its reader.
/// </summary>
public sealed record DiagnosticView(
    DiagnosticSeverity Severity,
    string Code,
    string Message,
    string? File,
    int Line,
    int Column,
    string? Workflow,
    string? Rule,
    string? Expression,
    int ExpressionColumn,
    IReadOnlyList<string>? Arguments = null,
    string MessageId = "",
    string? PartId = null,
    string? PartName = null,
    string? Text = null)
{
    public static DiagnosticView Of(Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Severity, d.Code, d.Message, d.File, d.Line, d.Column, d.Workflow, d.Rule, d.Expression, d.ExpressionColumn, d.Arguments,
            d.MessageId, d.Part?.Phrase.Id, d.Part?.Name);
    }
}

/// <summary>Words findings for the reader of the current request; the pages own the texts, so they provide it (ADR 29).</summary>
public interface IDiagnosticWording
{
    /// <summary>The findings with <see cref="DiagnosticView.Text"/> in the language of the current request's reader.</summary>
    IReadOnlyList<DiagnosticView> ForReader(IReadOnlyList<DiagnosticView> diagnostics);
}

internal static class RuleSetVersions
{
    public static RuleSetVersionView ToView(this RuleSetVersion v) => new(
        v.SchemeName, v.Number, v.Hash, v.Status, v.EffectiveFrom?.Key, v.ErrorCount, v.CreatedBy, v.CreatedAt, v.Note, v.ActivatedBy, v.ActivatedAt, v.FirstUsedFor?.Key);

    /// <summary>The name diagnostics of a saved version point at.</summary>
    public static string FileName(this RuleSetVersion v) => $"{v.SchemeName} v{v.Number}";

    public static RuleSetVersionDetail ToDetail(this RuleSetVersion v, SchemeCheck check) =>
        new(v.ToView(), v.Content, check.Diagnostics.Select(DiagnosticView.Of).ToList());

    /// <summary>
    /// The engine's version hash when the file compiles; a file that does not still needs an identity, so it gets the
    /// hash of its text.
    /// </summary>
    public static string HashOf(SchemeCheck check, string content) =>
        check.Compiled.VersionHash is { Length: > 0 } hash ? hash : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>
    /// <see cref="SchemeCatalog.Check"/> with the expression errors of a file that also has structural errors: the catalog
    /// stops before binding such a file, but an inspector should see every problem in one pass.
    /// </summary>
    public static SchemeCheck CheckEverything(this SchemeCatalog catalog, string content, string fileName)
    {
        var check = catalog.Check(content, fileName);
        if (check.Compiled.RuleSet is not null || check.SchemeName is null)
            return check;
        var bound = catalog.Engine.Compile(content, fileName, SchemeCatalog.InputsOf(check.Population ?? SchemePopulation.Officer));
        var missing = bound.Diagnostics.Where(d => !check.Diagnostics.Contains(d)).ToList();
        return missing.Count == 0 ? check : check with { Diagnostics = [.. check.Diagnostics, .. missing] };
    }

    /// <summary>Loads one version, or says which versions the scheme has (404).</summary>
    public static async Task<RuleSetVersion> FindAsync(this AssessmentDbContext db, string scheme, int number, bool tracked, CancellationToken cancellationToken)
    {
        var versions = tracked ? db.RuleSetVersions : db.RuleSetVersions.AsNoTracking();
        var version = await versions.SingleOrDefaultAsync(v => v.SchemeName == scheme && v.Number == number, cancellationToken);
        if (version is not null)
            return version;
        var numbers = await db.RuleSetVersions.AsNoTracking().Where(v => v.SchemeName == scheme).Select(v => v.Number).ToListAsync(cancellationToken);
        throw numbers.Count == 0
            ? new NotFoundException("SchemeNotFound", $"There is no scheme named '{scheme}'.", scheme)
            : new NotFoundException("SchemeVersionNotFound", $"Scheme '{scheme}' has no version {number}; its versions are 1 to {numbers.Max()}.", scheme, number, numbers.Max());
    }
}
