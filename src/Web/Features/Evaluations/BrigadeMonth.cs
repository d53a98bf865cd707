using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>One brigade's officers with the domain facts of a period: what in-memory callers (demo, tests) hold.</summary>
public sealed record BrigadeFacts(Unit Brigade, IReadOnlyList<Unit> Squads, IReadOnlyList<OfficerFacts> Officers, IReadOnlyList<ImportedIndicator> UnitIndicators)
{
    public long RowCount => Officers.Sum(o => (long)o.RowCount) + UnitIndicators.Count;
}

/// <summary>An officer of the roster with the view of the period the schemes read.</summary>
public sealed record OfficerInput(Officer Officer, OfficerMonth Month);

/// <summary>
/// One brigade's officers, each with the <see cref="OfficerMonth"/> of the period, in officer id order: what a brigade
/// part scores. <see cref="FactLoader"/> builds it straight from the fact rows; <see cref="Project"/> builds the same
/// from domain facts through <see cref="OfficerMonthProjection"/> (docs/adr/0037).
/// </summary>
public sealed record BrigadeMonth(Unit Brigade, IReadOnlyList<Unit> Squads, IReadOnlyList<OfficerInput> Officers, long RowCount)
{
    /// <summary>The views of in-memory facts, in their order: the projection path the loader's direct path must equal.</summary>
    public static BrigadeMonth Project(BrigadeFacts facts, AssessmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var placements = new Placements(facts.Brigade, facts.Squads, facts.Officers.Select(o => o.Officer));
        var officers = facts.Officers
            .Select(o => new OfficerInput(o.Officer, OfficerMonthProjection.Project(o, placements.Of(o.Officer), period)))
            .ToList();
        return new BrigadeMonth(facts.Brigade, facts.Squads, officers, facts.RowCount);
    }

    /// <summary>Where the officers of one brigade's roster sit; a supervisor outside the roster is left empty.</summary>
    internal sealed class Placements(Unit brigade, IEnumerable<Unit> squads, IEnumerable<Officer> roster)
    {
        private readonly Dictionary<long, string> _squadCodes = squads.ToDictionary(s => s.Id, s => s.Code);
        private readonly Dictionary<long, string> _badges = roster.ToDictionary(o => o.Id, o => o.BadgeNumber);

        public OfficerPlacement Of(Officer officer) => new(
            _squadCodes[officer.SquadId],
            brigade.Code,
            officer.SupervisorId is { } supervisor && _badges.TryGetValue(supervisor, out var badge) ? badge : string.Empty);
    }
}
