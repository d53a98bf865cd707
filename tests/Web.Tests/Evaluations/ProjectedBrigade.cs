using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>One brigade's officers with the domain facts of a period, as tests build or read them in memory.</summary>
internal sealed record BrigadeFacts(Unit Brigade, IReadOnlyList<Unit> Squads, IReadOnlyList<OfficerFacts> Officers, IReadOnlyList<ImportedIndicator> UnitIndicators)
{
    public long RowCount => Officers.Sum(o => (long)o.RowCount) + UnitIndicators.Count;
}

/// <summary>The reference path the loader's direct views must equal: domain facts through <see cref="OfficerMonthProjection"/> (docs/adr/0037).</summary>
internal static class ProjectedBrigade
{
    public static BrigadeMonth Of(BrigadeFacts facts, AssessmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var placements = new BrigadeMonth.Placements(facts.Brigade, facts.Squads, facts.Officers.Select(o => o.Officer));
        var officers = facts.Officers
            .Select(o => new OfficerInput(o.Officer, OfficerMonthProjection.Project(o, placements.Of(o.Officer), period)))
            .ToList();
        return new BrigadeMonth(facts.Brigade, facts.Squads, officers, facts.RowCount);
    }
}
