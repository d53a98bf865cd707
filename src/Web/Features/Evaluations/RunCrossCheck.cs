using System.Text.Json;
using AssessmentEngine.Domain;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>A subject the two engines scored differently: the rule (or "(total)") and what each engine gave.</summary>
public sealed record RunDisagreement(string Subject, string Rule, string Compiled, string RulesEngine);

/// <summary>What the cross-check of one run found, over all its parts.</summary>
public sealed record RunCrossCheckView(string Engine, string CheckedBy, int SubjectsChecked, IReadOnlyList<RunDisagreement> Disagreements, bool Flagged, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? Reason);

/// <summary>An Admin's acknowledgement, with a reason, that a run whose engines disagreed may be published anyway.</summary>
public sealed class CrossCheckAcknowledgement
{
    public Guid RunId { get; set; }
    public string AcknowledgedBy { get; set; } = string.Empty;
    public DateTimeOffset AcknowledgedAt { get; set; }
    public string Reason { get; set; } = string.Empty;
}

/// <summary>The acknowledgements table, owned by this feature like the run's working tables.</summary>
public static class CrossCheckTables
{
    extension(AssessmentDbContext db)
    {
        public DbSet<CrossCheckAcknowledgement> CrossCheckAcknowledgements => db.Set<CrossCheckAcknowledgement>();
    }
}

internal sealed class CrossCheckAcknowledgementConfiguration : IEntityTypeConfiguration<CrossCheckAcknowledgement>
{
    public void Configure(EntityTypeBuilder<CrossCheckAcknowledgement> builder)
    {
        builder.ToTable("run_cross_check_acknowledgements");
        builder.HasKey(a => a.RunId);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(128);
    }
}

/// <summary>Reads and judges the cross-check of a run: the record on its parts, and whether it blocks publication.</summary>
public static class RunCrossCheck
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? Serialize(IReadOnlyList<RunDisagreement> disagreements) => disagreements.Count == 0 ? null : JsonSerializer.Serialize(disagreements, Json);

    public static async Task<RunCrossCheckView> ViewAsync(AssessmentDbContext db, SchemeEngines engines, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(engines);
        var parts = await db.RunParts.AsNoTracking().Where(p => p.RunId == runId).OrderBy(p => p.BrigadeCode).ToListAsync(cancellationToken);
        var disagreements = parts.Where(p => p.DisagreementsJson is not null).SelectMany(p => JsonSerializer.Deserialize<List<RunDisagreement>>(p.DisagreementsJson!, Json) ?? []).ToList();
        var acknowledgement = await db.CrossCheckAcknowledgements.AsNoTracking().SingleOrDefaultAsync(a => a.RunId == runId, cancellationToken);
        return new RunCrossCheckView(engines.Engine.ToString(), engines.Other.ToString(), parts.Sum(p => p.CrossChecked), disagreements, disagreements.Count > 0,
            acknowledgement?.AcknowledgedBy, acknowledgement?.AcknowledgedAt, acknowledgement?.Reason);
    }

    /// <summary>The run-level publication blocker: engines that disagreed and no Admin acknowledgement (409 with the first disagreements).</summary>
    public static async Task EnsurePublishableAsync(AssessmentDbContext db, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var flagged = await db.RunParts.AsNoTracking().Where(p => p.RunId == runId && p.DisagreementsJson != null).Select(p => p.DisagreementsJson!).ToListAsync(cancellationToken);
        if (flagged.Count == 0 || await db.CrossCheckAcknowledgements.AnyAsync(a => a.RunId == runId, cancellationToken))
            return;
        var first = flagged.SelectMany(j => JsonSerializer.Deserialize<List<RunDisagreement>>(j, Json) ?? []).Take(3).ToList();
        throw new DomainException("CrossCheckDisagreement", $"Run {runId} cannot be published: the two rule engines disagreed ({string.Join("; ", first.Select(d => $"{d.Subject} rule {d.Rule}: compiled {d.Compiled}, RulesEngine {d.RulesEngine}"))}). An Admin must acknowledge the disagreement with a reason first.", runId);
    }
}
