namespace AssessmentEngine.Domain.Organization;

/// <summary>A member of a squad: a sworn officer (民警) or an auxiliary (辅警) who answers to a sworn officer.</summary>
public sealed class Officer
{
    private Officer()
    {
        BadgeNumber = string.Empty;
        Name = string.Empty;
    }

    private Officer(long id, string badgeNumber, string name, PersonnelKind kind, PostType post, long squadId, DateOnly joinedOn)
    {
        Id = id;
        BadgeNumber = Guard.Required(badgeNumber, "BadgeNumberRequired", "Badge number");
        Name = Guard.Required(name, "OfficerNameRequired", "Officer name");
        Kind = kind;
        Post = post;
        SquadId = squadId;
        JoinedOn = joinedOn;
    }

    public long Id { get; private set; }

    public string BadgeNumber { get; private set; }

    public string Name { get; private set; }

    public PersonnelKind Kind { get; private set; }

    public PostType Post { get; private set; }

    public long SquadId { get; private set; }

    public bool IsSquadLeader { get; private set; }

    public bool IsBrigadeLeader { get; private set; }

    /// <summary>The sworn officer an auxiliary answers to (包保); always null for a sworn officer.</summary>
    public long? SupervisorId { get; private set; }

    public DateOnly JoinedOn { get; private set; }

    public DateOnly? LeftOn { get; private set; }

    public bool IsAuxiliary => Kind == PersonnelKind.Auxiliary;

    public bool IsActive => LeftOn is null;

    public static Officer Sworn(long id, string badgeNumber, string name, PostType post, Unit squad, DateOnly joinedOn) =>
        new(id, badgeNumber, name, PersonnelKind.Officer, post, RequireSquad(squad).Id, joinedOn);

    public static Officer Auxiliary(long id, string badgeNumber, string name, PostType post, Unit squad, DateOnly joinedOn) =>
        new(id, badgeNumber, name, PersonnelKind.Auxiliary, post, RequireSquad(squad).Id, joinedOn);

    public bool IsActiveOn(DateOnly day) => day >= JoinedOn && (LeftOn is null || day < LeftOn.Value);

    public void MakeSquadLeader()
    {
        EnsureActive();
        if (IsAuxiliary)
            throw new DomainException("AuxiliaryCannotLeadSquad", $"Auxiliary {BadgeNumber} cannot lead a squad; only a sworn officer can.", BadgeNumber);
        if (IsSquadLeader)
            throw new DomainException("AlreadyLeadsSquad", $"Officer {BadgeNumber} already leads the squad.", BadgeNumber);
        IsSquadLeader = true;
    }

    public void StepDownAsSquadLeader()
    {
        if (!IsSquadLeader)
            throw new DomainException("DoesNotLeadSquad", $"Officer {BadgeNumber} does not lead a squad.", BadgeNumber);
        IsSquadLeader = false;
    }

    public void MakeBrigadeLeader()
    {
        EnsureActive();
        if (IsAuxiliary)
            throw new DomainException("AuxiliaryCannotLeadBrigade", $"Auxiliary {BadgeNumber} cannot lead a brigade; only a sworn officer can.", BadgeNumber);
        if (IsBrigadeLeader)
            throw new DomainException("AlreadyLeadsBrigade", $"Officer {BadgeNumber} already leads the brigade.", BadgeNumber);
        IsBrigadeLeader = true;
    }

    public void StepDownAsBrigadeLeader()
    {
        if (!IsBrigadeLeader)
            throw new DomainException("DoesNotLeadBrigade", $"Officer {BadgeNumber} does not lead a brigade.", BadgeNumber);
        IsBrigadeLeader = false;
    }

    public void TransferTo(Unit squad)
    {
        EnsureActive();
        RequireSquad(squad);
        if (squad.Id == SquadId)
            throw new DomainException("AlreadyInSquad", $"Officer {BadgeNumber} is already in squad {squad.Code}.", BadgeNumber, squad.Code);
        if (IsSquadLeader)
            throw new DomainException("LeaderCannotTransfer", $"Officer {BadgeNumber} leads their squad; hand over the leadership before a transfer.", BadgeNumber);
        SquadId = squad.Id;
    }

    public void ChangePost(PostType post)
    {
        EnsureActive();
        Post = post;
    }

    public void AssignSupervisor(Officer supervisor)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        EnsureActive();
        if (!IsAuxiliary)
            throw new DomainException("OnlyAuxiliariesSupervised", $"Only an auxiliary has a supervising officer; {BadgeNumber} is a sworn officer.", BadgeNumber);
        if (supervisor.IsAuxiliary)
            throw new DomainException("SupervisorMustBeSworn", $"Auxiliary {BadgeNumber} must answer to a sworn officer, not to auxiliary {supervisor.BadgeNumber}.", BadgeNumber, supervisor.BadgeNumber);
        if (!supervisor.IsActive)
            throw new DomainException("SupervisorLeft", $"Officer {supervisor.BadgeNumber} has left and cannot supervise.", supervisor.BadgeNumber);
        SupervisorId = supervisor.Id;
    }

    public void Leave(DateOnly on)
    {
        EnsureActive();
        if (on < JoinedOn)
            throw new DomainException("LeaveBeforeJoining", $"Officer {BadgeNumber} cannot leave on {on:yyyy-MM-dd}, before joining on {JoinedOn:yyyy-MM-dd}.", BadgeNumber, on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), JoinedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        LeftOn = on;
        IsSquadLeader = false;
        IsBrigadeLeader = false;
    }

    public override string ToString() => $"{BadgeNumber} {Name}";

    private void EnsureActive()
    {
        if (LeftOn is not null)
            throw new DomainException("OfficerLeft", $"Officer {BadgeNumber} left on {LeftOn.Value:yyyy-MM-dd}.", BadgeNumber, LeftOn.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Unit RequireSquad(Unit squad)
    {
        ArgumentNullException.ThrowIfNull(squad);
        return squad.Kind == UnitKind.Squad
            ? squad
            : throw new DomainException("OfficerUnderSquad", $"Officers belong to a squad, not to {squad.Kind} {squad.Code}.", squad.Code);
    }
}
