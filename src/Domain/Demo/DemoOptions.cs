using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Demo;

/// <summary>Size and seed of a generated demo detachment. The same options always give the same data.</summary>
public sealed record DemoOptions
{
    public int Seed { get; init; } = 20261;

    public int Brigades { get; init; } = 3;

    public int SquadsPerBrigade { get; init; } = 4;

    /// <summary>Sworn officers (民警) per squad, the squad leader included.</summary>
    public int OfficersPerSquad { get; init; } = 25;

    public int AuxiliariesPerSquad { get; init; } = 10;

    public AssessmentPeriod Period { get; init; } = AssessmentPeriod.Month(2026, 10);

    /// <summary>Officer ids are part of generated fact ids, which must fit in a long.</summary>
    public const int MaxOfficers = 10_000_000;

    public int OfficerCount => Brigades * SquadsPerBrigade * (OfficersPerSquad + AuxiliariesPerSquad);

    internal void Validate()
    {
        if (Brigades < 1 || SquadsPerBrigade < 1)
            throw new DomainException("DemoNeedsBrigadeAndSquad", "A demo detachment needs at least one brigade with at least one squad.");
        if (OfficersPerSquad < 2)
            throw new DomainException("DemoNeedsTwoOfficers", "A demo squad needs at least two sworn officers: a leader and one to supervise auxiliaries.");
        if (AuxiliariesPerSquad < 0)
            throw new DomainException("DemoNegativeAuxiliaries", "The number of auxiliaries per squad cannot be negative.");
        if (!Period.IsMonthly)
            throw new DomainException("DemoNeedsMonth", $"Demo facts are generated for a month, not for {Period}.", Period.Key);
        if ((long)Brigades * SquadsPerBrigade * ((long)OfficersPerSquad + AuxiliariesPerSquad) >= MaxOfficers)
            throw new DomainException("DemoTooLarge", $"A demo supports fewer than {MaxOfficers:N0} officers.", MaxOfficers);
    }
}
