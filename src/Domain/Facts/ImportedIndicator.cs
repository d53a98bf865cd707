using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Facts;

/// <summary>A value pulled from another supervision system, about one officer or one unit for one period.</summary>
public sealed class ImportedIndicator : DutyFact
{
    private ImportedIndicator()
    {
        Name = string.Empty;
    }

    private ImportedIndicator(long id, string externalId, long? officerId, long? unitId, AssessmentPeriod period, string name, double value, DateTimeOffset importedAt)
        : base(id, externalId)
    {
        Name = Guard.Required(name, "IndicatorNameRequired", "Indicator name");
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new DomainException("IndicatorNotFinite", $"Indicator '{name}' has no finite value.", name);
        OfficerId = officerId;
        UnitId = unitId;
        Period = period;
        Value = value;
        ImportedAt = importedAt;
    }

    public static ImportedIndicator ForOfficer(long id, string externalId, long officerId, AssessmentPeriod period, string name, double value, DateTimeOffset importedAt) =>
        new(id, externalId, officerId, null, period, name, value, importedAt);

    public static ImportedIndicator ForUnit(long id, string externalId, long unitId, AssessmentPeriod period, string name, double value, DateTimeOffset importedAt) =>
        new(id, externalId, null, unitId, period, name, value, importedAt);

    public long? OfficerId { get; private set; }

    public long? UnitId { get; private set; }

    public AssessmentPeriod Period { get; private set; }

    public string Name { get; private set; }

    public double Value { get; private set; }

    public DateTimeOffset ImportedAt { get; private set; }
}
