using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.Reviews;

/// <summary>One subject whose score, grade, rank or outcomes differ between the published run and the current one.</summary>
public sealed record SubjectDelta(
    string SubjectKind,
    long SubjectId,
    string Label,
    string? Name,
    double? ScoreBefore,
    double? ScoreAfter,
    double ScoreDelta,
    string? GradeBefore,
    string? GradeAfter,
    int? RankBefore,
    int? RankAfter,
    IReadOnlyList<string> OutcomesBefore,
    IReadOnlyList<string> OutcomesAfter);

/// <summary>What republishing would post: the changes of the current run against the published one, within the caller's scope.</summary>
public sealed record ChangeListView(string Period, Guid? PublishedRunId, Guid? CurrentRunId, int PublicationNumber, bool HasUnpublishedChanges, IReadOnlyList<SubjectDelta> Changes);

/// <summary>A subject the republication numbered <see cref="PublicationNumber"/> posted as changed; its officer may appeal again.</summary>
public sealed class PublicationChange
{
    public Guid AssessmentId { get; set; }

    public int PublicationNumber { get; set; }

    public SubjectKind SubjectKind { get; set; }

    public long SubjectId { get; set; }

    public string Label { get; set; } = string.Empty;

    public double? ScoreBefore { get; set; }

    public double? ScoreAfter { get; set; }

    public string? GradeBefore { get; set; }

    public string? GradeAfter { get; set; }

    public int? RankBefore { get; set; }

    public int? RankAfter { get; set; }

    public string OutcomesBefore { get; set; } = string.Empty;

    public string OutcomesAfter { get; set; } = string.Empty;
}

/// <summary>The change list leaders read before they republish a re-run period (score, grade, rank and outcome deltas).</summary>
[AllowedRoles(Role.Admin, Role.Leader, Role.Inspector, Role.Auditor)]
public sealed record ChangeListOf(string Period) : IRequest<ChangeListView>;

internal sealed class ChangeListOfHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<ChangeListOf, ChangeListView>
{
    public async ValueTask<ChangeListView> Handle(ChangeListOf request, CancellationToken cancellationToken)
    {
        var assessment = await Assessments.OfPeriodAsync(db, PublishedResults.ParsePeriod(request.Period), tracked: false, cancellationToken);
        var reachable = await actor.ReachableUnitsAsync(cancellationToken);
        var changes = await ChangeLists.ComputeAsync(db, assessment, cancellationToken);
        var visible = changes.Where(c => reachable is null || reachable.Contains(c.UnitId)).Select(c => c.Delta).ToList();
        return new ChangeListView(assessment.Period.Key, assessment.PublishedRunId, assessment.CurrentRunId, assessment.PublicationNumber, assessment.HasUnpublishedChanges, visible);
    }
}

internal static class ChangeLists
{
    public sealed record Change(SubjectDelta Delta, long UnitId);

    private sealed record Standing(string Label, double Score, string Grade, int Rank, long UnitId);

    /// <summary>Every subject that differs between the published and the current run; empty when nothing waits for republication.</summary>
    public static async Task<List<Change>> ComputeAsync(AssessmentDbContext db, PeriodAssessment assessment, CancellationToken cancellationToken)
    {
        if (!assessment.HasUnpublishedChanges || assessment.PublishedRunId is not { } before || assessment.CurrentRunId is not { } after)
            return [];
        var runs = await db.EvaluationRuns.AsNoTracking().Where(r => r.AssessmentId == assessment.Id).ToDictionaryAsync(r => r.Id, r => r.QueuedAt, cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.AssessmentId == assessment.Id).ToListAsync(cancellationToken);
        var outcomesBefore = LiveAt(outcomes, runs, runs[before]);
        var outcomesAfter = LiveAt(outcomes, runs, runs[after]);

        var officers = await db.Officers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => (u.Code, u.Name), cancellationToken);
        var people = await db.OfficerResults.AsNoTracking().Where(r => r.RunId == before || r.RunId == after)
            .Select(r => new { r.RunId, r.OfficerId, r.BadgeNumber, r.Score, r.Grade, r.Rank, r.SquadId }).ToListAsync(cancellationToken);
        var squads = await db.SquadResults.AsNoTracking().Where(r => r.RunId == before || r.RunId == after)
            .Select(r => new { r.RunId, r.SquadId, r.Score, r.Grade, r.Rank }).ToListAsync(cancellationToken);

        var changes = new List<Change>();
        changes.AddRange(Compare(
            SubjectKind.Officer,
            people.Where(r => r.RunId == before).ToDictionary(r => r.OfficerId, r => new Standing(r.BadgeNumber, r.Score, r.Grade, r.Rank, r.SquadId)),
            people.Where(r => r.RunId == after).ToDictionary(r => r.OfficerId, r => new Standing(r.BadgeNumber, r.Score, r.Grade, r.Rank, r.SquadId)),
            id => officers.GetValueOrDefault(id),
            outcomesBefore,
            outcomesAfter));
        changes.AddRange(Compare(
            SubjectKind.Squad,
            squads.Where(r => r.RunId == before).ToDictionary(r => r.SquadId, r => new Standing(units[r.SquadId].Code, r.Score, r.Grade, r.Rank, r.SquadId)),
            squads.Where(r => r.RunId == after).ToDictionary(r => r.SquadId, r => new Standing(units[r.SquadId].Code, r.Score, r.Grade, r.Rank, r.SquadId)),
            id => units.TryGetValue(id, out var u) ? u.Name : null,
            outcomesBefore,
            outcomesAfter));
        return changes;
    }

    /// <summary>The outcomes live just after the run queued at <paramref name="at"/>, per subject, as "Kind" or "Kind:Level": read from each outcome's history.</summary>
    private static Dictionary<(SubjectKind, long), List<string>> LiveAt(List<Outcome> outcomes, Dictionary<Guid, DateTimeOffset> runs, DateTimeOffset at)
    {
        var live = new Dictionary<(SubjectKind, long), List<string>>();
        foreach (var o in outcomes)
        {
            var last = o.History.Where(e => e.RunId is { } run && runs.TryGetValue(run, out var queued) && queued <= at).LastOrDefault();
            if (last is null || last.Action == "Withdrawn")
                continue;
            if (!live.TryGetValue((o.SubjectKind, o.SubjectId), out var list))
                live[(o.SubjectKind, o.SubjectId)] = list = [];
            list.Add(o.Level is { } level ? $"{o.Kind}:{level}" : o.Kind.ToString());
        }
        foreach (var list in live.Values)
            list.Sort(StringComparer.Ordinal);
        return live;
    }

    private static IEnumerable<Change> Compare(
        SubjectKind kind,
        Dictionary<long, Standing> before,
        Dictionary<long, Standing> after,
        Func<long, string?> nameOf,
        Dictionary<(SubjectKind, long), List<string>> outcomesBefore,
        Dictionary<(SubjectKind, long), List<string>> outcomesAfter)
    {
        foreach (var id in before.Keys.Union(after.Keys).Order())
        {
            var old = before.GetValueOrDefault(id);
            var now = after.GetValueOrDefault(id);
            var ob = outcomesBefore.GetValueOrDefault((kind, id)) ?? [];
            var oa = outcomesAfter.GetValueOrDefault((kind, id)) ?? [];
            var delta = old is not null && now is not null ? Math.Round(now.Score - old.Score, 4) : 0;
            var changed = old is null || now is null || delta != 0 || old.Grade != now.Grade || old.Rank != now.Rank || !ob.SequenceEqual(oa, StringComparer.Ordinal);
            if (!changed)
                continue;
            var any = (now ?? old)!;
            yield return new Change(
                new SubjectDelta(kind.ToString(), id, any.Label, nameOf(id), old?.Score, now?.Score, delta, old?.Grade, now?.Grade, old?.Rank, now?.Rank, ob, oa),
                any.UnitId);
        }
    }
}

/// <summary>The change lists of publications, owned by this feature: persistence maps them without knowing the feature.</summary>
public static class PublicationChangeTables
{
    extension(AssessmentDbContext db)
    {
        public DbSet<PublicationChange> PublicationChanges => db.Set<PublicationChange>();
    }
}

internal sealed class PublicationChangeConfiguration : IEntityTypeConfiguration<PublicationChange>
{
    public void Configure(EntityTypeBuilder<PublicationChange> builder)
    {
        builder.ToTable("publication_changes");
        builder.HasKey(c => new { c.AssessmentId, c.PublicationNumber, c.SubjectKind, c.SubjectId });
        builder.Property(c => c.SubjectKind).HasMaxLength(16);
        builder.Property(c => c.Label).HasMaxLength(64);
        builder.Property(c => c.GradeBefore).HasMaxLength(32);
        builder.Property(c => c.GradeAfter).HasMaxLength(32);
        builder.Property(c => c.OutcomesBefore).HasMaxLength(400);
        builder.Property(c => c.OutcomesAfter).HasMaxLength(400);
        builder.HasOne<PeriodAssessment>().WithMany().HasForeignKey(c => c.AssessmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
