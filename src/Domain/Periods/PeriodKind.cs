namespace AssessmentEngine.Domain.Periods;

public enum PeriodKind
{
    Monthly = 1,
    Quarterly = 2,
}
