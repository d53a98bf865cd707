using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;

namespace AssessmentEngine.Domain.Demo;

/// <summary>A generated detachment: its brigades, squads and people.</summary>
public sealed class DemoOrganization
{
    private readonly Dictionary<long, Unit> _unitsById;
    private readonly Dictionary<long, Officer> _officersById;

    internal DemoOrganization(DemoOptions options, Unit detachment, List<Unit> brigades, List<Unit> squads, List<Officer> officers)
    {
        Options = options;
        Detachment = detachment;
        Brigades = brigades;
        Squads = squads;
        Officers = officers;
        _unitsById = new Dictionary<long, Unit>(1 + brigades.Count + squads.Count) { [detachment.Id] = detachment };
        foreach (var b in brigades)
            _unitsById[b.Id] = b;
        foreach (var s in squads)
            _unitsById[s.Id] = s;
        _officersById = new Dictionary<long, Officer>(officers.Count);
        foreach (var o in officers)
            _officersById[o.Id] = o;
    }

    public DemoOptions Options { get; }

    public Unit Detachment { get; }

    public IReadOnlyList<Unit> Brigades { get; }

    public IReadOnlyList<Unit> Squads { get; }

    /// <summary>Officers and auxiliaries, squad by squad.</summary>
    public IReadOnlyList<Officer> Officers { get; }

    public IEnumerable<Unit> Units => [Detachment, .. Brigades, .. Squads];

    public Unit UnitOf(long id) => _unitsById[id];

    public Officer OfficerOf(long id) => _officersById[id];

    public Unit BrigadeOf(Officer officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        return _unitsById[_unitsById[officer.SquadId].ParentId!.Value];
    }

    public OfficerPlacement PlacementOf(Officer officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        var squad = _unitsById[officer.SquadId];
        var brigade = _unitsById[squad.ParentId!.Value];
        var supervisor = officer.SupervisorId is { } id ? _officersById[id].BadgeNumber : string.Empty;
        return new OfficerPlacement(squad.Code, brigade.Code, supervisor);
    }

    /// <summary>The view a scheme reads, straight from generated facts, for benchmarks and tests without a database.</summary>
    public OfficerMonth OfficerMonthOf(OfficerFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return OfficerMonthProjection.Project(facts, PlacementOf(facts.Officer), Options.Period);
    }
}
