using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Features.Checks;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <param name="QuotaAcknowledgement">Why a file whose points grow with enforcement counts without a Cap (RE0301) may still go into force; required for such a file, audited.</param>
public sealed record Activation(string? EffectiveFrom, string? QuotaAcknowledgement = null);

/// <summary>
/// Puts an error-free draft in force from a period ("2026-11", or "2026-Q4" for a quarterly scheme). A period some run
/// already evaluated keeps the version it was evaluated with, so the start must come after every evaluated period.
/// </summary>
[AllowedRoles(Role.Inspector, Role.Admin)]
public sealed record ActivateRuleSetVersion(
    [property: StoredIn(typeof(RuleSetVersion), nameof(RuleSetVersion.SchemeName))] string Scheme, int Number,
    [property: StoredIn(typeof(RuleSetVersion), nameof(RuleSetVersion.EffectiveFrom))] string? EffectiveFrom,
    [property: NotStored(2000)] string? QuotaAcknowledgement = null)
    : ICommand<RuleSetVersionView>, IAuditedCommand, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(AssessmentPeriod.TryParse(EffectiveFrom, out _), "effectiveFrom", "NotAPeriod", $"'{EffectiveFrom}' is not a period; write a month like 2026-10 or a quarter like 2026-Q4.", EffectiveFrom);
    }
}

internal sealed class ActivateRuleSetVersionHandler(AssessmentDbContext db, SchemeCatalog catalog, CurrentActor actor, AuditLog audit, TimeProvider clock, RealTimeChecks checks, AfterCommit afterCommit)
    : IRequestHandler<ActivateRuleSetVersion, RuleSetVersionView>
{
    public async ValueTask<RuleSetVersionView> Handle(ActivateRuleSetVersion request, CancellationToken cancellationToken)
    {
        var from = AssessmentPeriod.Parse(request.EffectiveFrom!, null);
        var version = await db.FindAsync(request.Scheme, request.Number, tracked: true, cancellationToken);
        var before = version.ToView();

        // The count stored at saving is checked again: a compiler that became stricter must not let an unsafe file in.
        var check = catalog.Check(version.Content, version.FileName());
        if (check.ErrorCount > 0 && version.ErrorCount == 0)
            throw new DomainException("VersionHasErrorsNow", $"{version.FileName()} has {check.ErrorCount} error(s) with today's compiler and cannot be activated; fix them in a new version.", version.SchemeName, version.Number, check.ErrorCount);
        var quotaRisks = check.Diagnostics.Where(d => d.Code == Rules.Diagnostics.DiagnosticCodes.QuotaRisk).ToList();
        if (quotaRisks.Count > 0 && string.IsNullOrWhiteSpace(request.QuotaAcknowledgement))
        {
            throw new ValidationException("quotaAcknowledgement", "QuotaAcknowledgementRequired",
                $"{version.FileName()}: points of {string.Join(", ", quotaRisks.Select(d => $"rule {d.Rule} ({d.Arguments[^1]})"))} grow with a count of enforcement actions, fines or penalties without a Cap; national rules forbid enforcement quotas. Add a Cap in a new version, or give the reason this file may go into force.",
                version.FileName(), string.Join(", ", quotaRisks.Select(d => d.Rule)));
        }
        var periodKind = check.Period == SchemeCatalog.Quarterly ? PeriodKind.Quarterly : PeriodKind.Monthly;
        if (check.ErrorCount == 0 && from.Kind != periodKind)
        {
            throw periodKind == PeriodKind.Monthly
                ? new DomainException("MonthlyTakesEffectFromMonth", $"{version.FileName()} is a monthly scheme; it takes effect from a month such as 2026-11, not {from}.", version.SchemeName, version.Number, from)
                : new DomainException("QuarterlyTakesEffectFromQuarter", $"{version.FileName()} is a quarterly scheme; it takes effect from a quarter such as 2026-Q4, not {from}.", version.SchemeName, version.Number, from);
        }

        // Real-time checks answer events by name; any number of them may be in force side by side.
        if (check is { ErrorCount: 0, Population: { } population } && population != SchemePopulation.Event && version.ErrorCount == 0)
            await EnsureNoOtherSchemeScoresAsync(version, population, check.Period, cancellationToken);
        var versions = await db.RuleSetVersions.AsNoTracking().Where(v => v.SchemeName == request.Scheme).ToListAsync(cancellationToken);
        RuleSetHistory.EnsureActivationKeepsHistory(versions, version, from);
        RuleSetHistory.EnsureActivationKeepsEvaluatedPeriods(version, from, await EvaluatedPeriodsAsync(request.Scheme, cancellationToken));
        version.Activate(from, actor.Name, clock.GetUtcNow());

        var after = version.ToView();
        audit.Concerning(null).Describe(nameof(RuleSetVersion), version.Id, before, after);
        if (quotaRisks.Count > 0)
            audit.Concerning(null).Append("AcknowledgeQuotaRisk", nameof(RuleSetVersion), version.Id, null, new { Reason = request.QuotaAcknowledgement!.Trim(), Rules = quotaRisks.Select(d => d.Rule).ToArray() });
        // Once committed, the next real-time check on this node reads the new version (other nodes within their refresh interval).
        afterCommit.Enqueue(checks.Invalidate);
        return after;
    }

    /// <summary>
    /// An evaluation needs one scheme per population and period kind; a second one in force would stop every run, so a
    /// scheme takes over another's population only after that one is retired.
    /// </summary>
    private async Task EnsureNoOtherSchemeScoresAsync(RuleSetVersion version, SchemePopulation population, string period, CancellationToken cancellationToken)
    {
        var others = await db.RuleSetVersions.AsNoTracking()
            .Where(v => v.SchemeName != version.SchemeName && v.Status == RuleSetStatus.Active)
            .ToListAsync(cancellationToken);
        foreach (var other in others.GroupBy(v => v.SchemeName, StringComparer.Ordinal).Select(g => g.MaxBy(v => v.EffectiveFrom)!))
        {
            var otherCheck = catalog.Check(other.Content, other.FileName());
            if (otherCheck.Population == population && string.Equals(otherCheck.Period, period, StringComparison.Ordinal))
                throw new DomainException("PopulationTaken", $"{other.SchemeName} is the {period.ToLowerInvariant()} {population} scheme in force; {version.SchemeName} cannot score the same population until it is retired.", other.SchemeName, version.SchemeName);
        }
    }

    /// <summary>Periods of every run that used the scheme; a failed run counts too, as its retry keeps its versions.</summary>
    private async Task<IEnumerable<AssessmentPeriod>> EvaluatedPeriodsAsync(string scheme, CancellationToken cancellationToken)
    {
        var runs = await db.EvaluationRuns.AsNoTracking().ToListAsync(cancellationToken);
        return runs.Where(r => r.Schemes.Any(s => string.Equals(s.SchemeName, scheme, StringComparison.Ordinal))).Select(r => r.Period);
    }
}
