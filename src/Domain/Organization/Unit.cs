namespace AssessmentEngine.Domain.Organization;

/// <summary>A node of the hierarchy 支队 → 大队 → 中队; a squad is the smallest ranked unit.</summary>
public sealed class Unit
{
    private Unit()
    {
        Code = string.Empty;
        Name = string.Empty;
    }

    private Unit(long id, UnitKind kind, string code, string name, long? parentId)
    {
        Id = id;
        Kind = kind;
        Code = Guard.Required(code, "UnitCodeRequired", "Unit code");
        Name = Guard.Required(name, "UnitNameRequired", "Unit name");
        ParentId = parentId;
    }

    public long Id { get; private set; }

    public UnitKind Kind { get; private set; }

    public string Code { get; private set; }

    /// <summary>Chinese name, e.g. 一大队.</summary>
    public string Name { get; private set; }

    public long? ParentId { get; private set; }

    public static Unit Detachment(long id, string code, string name) => new(id, UnitKind.Detachment, code, name, null);

    public static Unit Brigade(long id, string code, string name, Unit detachment)
    {
        ArgumentNullException.ThrowIfNull(detachment);
        return detachment.Kind == UnitKind.Detachment
            ? new Unit(id, UnitKind.Brigade, code, name, detachment.Id)
            : throw new DomainException("BrigadeUnderDetachment", $"A brigade belongs to a detachment, not to {detachment.Kind} {detachment.Code}.", detachment.Code);
    }

    public static Unit Squad(long id, string code, string name, Unit brigade)
    {
        ArgumentNullException.ThrowIfNull(brigade);
        return brigade.Kind == UnitKind.Brigade
            ? new Unit(id, UnitKind.Squad, code, name, brigade.Id)
            : throw new DomainException("SquadUnderBrigade", $"A squad belongs to a brigade, not to {brigade.Kind} {brigade.Code}.", brigade.Code);
    }

    public void Rename(string name) => Name = Guard.Required(name, "UnitNameRequired", "Unit name");

    public override string ToString() => $"{Code} {Name}";
}
