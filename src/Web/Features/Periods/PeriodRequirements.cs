using System.Globalization;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Periods;

/// <summary>
/// Checks a period the same way for every endpoint that takes one: text that is not a period is a 400 naming the field;
/// a period of the wrong kind for the job is a 422 (<see cref="DomainException"/>); a period that cannot be evaluated
/// (not ended, no scheme in force) is a 404 with the reason (<see cref="UnknownPeriodException"/>), as POST /api/runs answers.
/// </summary>
public sealed class PeriodRequirements(AssessmentDbContext db, SchemeCatalog catalog, TimeProvider clock)
{
    public const string Format = "a month like 2026-10 or a quarter like 2026-Q4";

    public static AssessmentPeriod Parse(string? text, string field = "period") =>
        AssessmentPeriod.TryParse(text, CultureInfo.InvariantCulture, out var period)
            ? period
            : throw new ValidationException(field, "NotAPeriod", $"'{text}' is not a period; write {Format}.", text);

    /// <summary>Refuses a month where a quarter is wanted and the other way round (null takes either), saying what <paramref name="what"/> evaluates.</summary>
    public static void RequireKind(AssessmentPeriod period, PeriodKind? kind, string what)
    {
        if (kind == PeriodKind.Monthly && !period.IsMonthly)
            throw new DomainException("PeriodMustBeMonth", $"{what} evaluates a month like 2026-09; {period} is a quarter.", what, period);
        if (kind == PeriodKind.Quarterly && period.IsMonthly)
            throw new DomainException("PeriodMustBeQuarter", $"{what} evaluates a quarter like 2026-Q3; {period} is a month.", what, period);
    }

    /// <summary>Refuses a period that has not ended: its facts are not all in yet.</summary>
    public static void RequireEnded(AssessmentPeriod period, DateTimeOffset now)
    {
        if (period.EndInstant > now)
            throw new UnknownPeriodException("PeriodNotEnded", $"{period} has not ended yet (it ends {period.EndInstant:yyyy-MM-dd HH:mm} Asia/Shanghai); only a finished period can be evaluated.", period, period.EndInstant);
    }

    /// <summary>The period <paramref name="text"/> names, if it is of <paramref name="kind"/>, has ended and has an officer scheme in force.</summary>
    public async Task<AssessmentPeriod> EvaluableAsync(string? text, PeriodKind? kind, string what, CancellationToken cancellationToken)
    {
        var period = Parse(text);
        RequireKind(period, kind, what);
        RequireEnded(period, clock.GetUtcNow());
        await catalog.InForceAsync(db, period, cancellationToken);
        return period;
    }
}
