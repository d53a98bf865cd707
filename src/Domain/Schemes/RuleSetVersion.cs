using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Schemes;

public enum RuleSetStatus
{
    /// <summary>Saved, editable only by saving a new version; may contain errors.</summary>
    Draft = 1,

    /// <summary>In force from <see cref="RuleSetVersion.EffectiveFrom"/> until a later active version takes over.</summary>
    Active = 2,

    /// <summary>Superseded before it was ever used by a run, or withdrawn.</summary>
    Retired = 3,
}

/// <summary>
/// One saved version of a scheme's rule file (考核办法). Versions are immutable: the content never changes after
/// saving; a change is a new version. Only a version without errors can be activated, and once a run used a
/// version for a period it stays the version of that period.
/// </summary>
public sealed class RuleSetVersion
{
    private RuleSetVersion()
    {
        SchemeName = string.Empty;
        Hash = string.Empty;
        Content = string.Empty;
        CreatedBy = string.Empty;
    }

    private RuleSetVersion(Guid id, string schemeName, int number, string hash, string content, int errorCount, string createdBy, DateTimeOffset createdAt, string? note)
    {
        Id = id;
        SchemeName = Guard.Required(schemeName, "SchemeNameRequired", "Scheme name");
        Number = number;
        Hash = Guard.Required(hash, "VersionHashRequired", "Version hash");
        Content = Guard.Required(content, "RuleFileRequired", "Rule file content");
        ErrorCount = errorCount;
        CreatedBy = Guard.Required(createdBy, "VersionAuthorRequired", "Author");
        CreatedAt = createdAt;
        Note = note;
        Status = RuleSetStatus.Draft;
    }

    public Guid Id { get; private set; }

    /// <summary>The workflow name the scheme is known by, e.g. officer-monthly.</summary>
    public string SchemeName { get; private set; }

    /// <summary>1, 2, 3 … per scheme.</summary>
    public int Number { get; private set; }

    /// <summary>SHA-256 of the canonical rule file and its inputs: what every result records.</summary>
    public string Hash { get; private set; }

    public string Content { get; private set; }

    /// <summary>Diagnostics of severity error found when the version was saved.</summary>
    public int ErrorCount { get; private set; }

    public RuleSetStatus Status { get; private set; }

    public AssessmentPeriod? EffectiveFrom { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? Note { get; private set; }

    public string? ActivatedBy { get; private set; }

    public DateTimeOffset? ActivatedAt { get; private set; }

    /// <summary>The first period a run evaluated with this version; from then on it cannot be withdrawn for that period.</summary>
    public AssessmentPeriod? FirstUsedFor { get; private set; }

    public static RuleSetVersion Save(string schemeName, int number, string hash, string content, int errorCount, string createdBy, DateTimeOffset now, string? note = null)
    {
        if (number < 1)
            throw new DomainException("VersionNumberFromOne", "Version numbers start at 1.");
        if (errorCount < 0)
            throw new DomainException("NegativeErrorCount", "An error count cannot be negative.");
        return new RuleSetVersion(Guid.CreateVersion7(now), schemeName, number, hash, content, errorCount, createdBy, now, note);
    }

    /// <summary>Puts the version in force from <paramref name="from"/>; refused while it has errors.</summary>
    public void Activate(AssessmentPeriod from, string by, DateTimeOffset now)
    {
        if (Status != RuleSetStatus.Draft)
            throw new DomainException("OnlyDraftActivated", $"{SchemeName} v{Number} is {Status}; only a draft can be activated.", SchemeName, Number);
        if (ErrorCount > 0)
            throw new DomainException("VersionHasErrors", $"{SchemeName} v{Number} has {ErrorCount} error(s) and cannot be activated; fix them in a new version.", SchemeName, Number, ErrorCount);
        EffectiveFrom = from;
        ActivatedBy = Guard.Required(by, "ActivatedByRequired", "Who activates");
        ActivatedAt = now;
        Status = RuleSetStatus.Active;
    }

    /// <summary>Records that a run evaluated <paramref name="period"/> with this version.</summary>
    public void MarkUsed(AssessmentPeriod period)
    {
        if (Status != RuleSetStatus.Active)
            throw new DomainException("VersionNotActive", $"{SchemeName} v{Number} is {Status}; only an active version evaluates a period.", SchemeName, Number);
        if (EffectiveFrom is { } from && period < from)
            throw new DomainException("VersionNotInForce", $"{SchemeName} v{Number} is in force from {from}, not for {period}.", SchemeName, Number, from, period);
        if (FirstUsedFor is null || period < FirstUsedFor)
            FirstUsedFor = period;
    }

    /// <summary>Withdraws an active version that no run has used, or a draft nobody wants.</summary>
    public void Retire()
    {
        if (Status == RuleSetStatus.Retired)
            throw new DomainException("VersionRetired", $"{SchemeName} v{Number} is already retired.", SchemeName, Number);
        if (FirstUsedFor is { } used)
            throw new DomainException("VersionInUse", $"{SchemeName} v{Number} evaluated {used} and stays the version of that period.", SchemeName, Number, used);
        Status = RuleSetStatus.Retired;
    }

    public bool IsInForceFor(AssessmentPeriod period) =>
        Status == RuleSetStatus.Active && EffectiveFrom is { } from && from <= period;
}

/// <summary>Picks the version in force for a period among a scheme's versions: the active one with the latest start not after it.</summary>
public static class RuleSetHistory
{
    public static RuleSetVersion? InForce(IEnumerable<RuleSetVersion> versions, AssessmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return versions.Where(v => v.IsInForceFor(period))
            .OrderByDescending(v => v.EffectiveFrom)
            .ThenByDescending(v => v.Number)
            .FirstOrDefault();
    }

    /// <summary>
    /// Refuses an activation that would change the version of a period some run already evaluated: the active version
    /// for a period is fixed once a run used it.
    /// </summary>
    public static void EnsureActivationKeepsHistory(IEnumerable<RuleSetVersion> versions, RuleSetVersion candidate, AssessmentPeriod from)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(candidate);
        foreach (var used in versions.Where(v => v.SchemeName == candidate.SchemeName && v.FirstUsedFor is not null && v.Id != candidate.Id))
        {
            if (used.FirstUsedFor >= from)
                throw new DomainException("EffectiveTooEarly", $"{candidate.SchemeName} v{used.Number} already evaluated {used.FirstUsedFor}; a new version can take effect from {used.FirstUsedFor!.Value.Next} at the earliest.", used.FirstUsedFor, used.FirstUsedFor!.Value.Next);
        }
    }

    /// <summary>
    /// Refuses an activation from a period that a run of the scheme already evaluated. <see cref="RuleSetVersion.FirstUsedFor"/>
    /// remembers only the first period a version evaluated; the runs know every later one.
    /// </summary>
    public static void EnsureActivationKeepsEvaluatedPeriods(RuleSetVersion candidate, AssessmentPeriod from, IEnumerable<AssessmentPeriod> evaluated)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(evaluated);
        var rewritten = evaluated.Where(p => p >= from).ToList();
        if (rewritten.Count > 0 && rewritten.Max() is var latest)
            throw new DomainException("EffectiveTooEarly", $"{candidate.SchemeName}: a run already evaluated {latest}; a new version can take effect from {latest.Next} at the earliest.", latest, latest.Next);
    }
}
