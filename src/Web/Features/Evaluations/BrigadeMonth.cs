using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>An officer of the roster with the view of the period the schemes read.</summary>
public sealed record OfficerInput(Officer Officer, OfficerMonth Month);

/// <summary>
/// One brigade's officers, each with the <see cref="OfficerMonth"/> of the period, in officer id order: what a brigade
/// part scores. <see cref="FactLoader"/> builds it straight from the fact rows; the tests build the same from domain
/// facts through <see cref="OfficerMonthProjection"/> as the reference it must equal (docs/adr/0037).
/// </summary>
public sealed record BrigadeMonth(Unit Brigade, IReadOnlyList<Unit> Squads, IReadOnlyList<OfficerInput> Officers, long RowCount)
{
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
