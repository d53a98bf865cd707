using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>
/// One brigade (unit 10) of two squads whose results the tests compute by hand:
/// squad A (101) = A1 (id 1, leader, road, clean), A2 (id 2, road, 3 late days), A3 (id 3, auxiliary of A2, a penalty without footage);
/// squad B (102) = B1 (id 4, leader, road, an overdue case), B2 (id 5, road, drinking on duty), B3 (id 6, accident post, a letter of thanks).
/// </summary>
internal static class ConstructedBrigade
{
    public const long Brigade = 10;
    public const long SquadA = 101;
    public const long SquadB = 102;

    private static DateTimeOffset In(AssessmentPeriod period, int day, int hour = 10) => period.StartInstant.AddDays(day - 1).AddHours(hour);

    public static async Task SeedAsync(AssessmentDbContext db, IReadOnlyList<AssessmentPeriod> months)
    {
        var detachment = Unit.Detachment(1, "D01", "示范支队");
        var brigade = Unit.Brigade(10, "B01", "一大队", detachment);
        var squadA = Unit.Squad(101, "B01-S01", "一中队", brigade);
        var squadB = Unit.Squad(102, "B01-S02", "二中队", brigade);
        db.Units.AddRange(detachment, brigade, squadA, squadB);
        var joined = new DateOnly(2020, 1, 1);
        var a1 = Officer.Sworn(1, "A1", "张伟", PostType.Road, squadA, joined);
        a1.MakeSquadLeader();
        var a2 = Officer.Sworn(2, "A2", "王芳", PostType.Road, squadA, joined);
        var a3 = Officer.Auxiliary(3, "A3", "李强", PostType.Road, squadA, joined);
        a3.AssignSupervisor(a2);
        var b1 = Officer.Sworn(4, "B1", "刘洋", PostType.Road, squadB, joined);
        b1.MakeSquadLeader();
        var b2 = Officer.Sworn(5, "B2", "陈静", PostType.Road, squadB, joined);
        var b3 = Officer.Sworn(6, "B3", "杨磊", PostType.Accident, squadB, joined);
        db.Officers.AddRange(a1, a2, a3, b1, b2, b3);

        foreach (var month in months)
        {
            var tag = month.Key;
            for (var day = 1; day <= 3; day++)
                db.AttendanceDays.Add(new AttendanceDay(0, 2, $"ATT-{tag}-A2-{day}", month.FirstDay.AddDays(day + 24), AttendanceStatuses.Late, 10));
            db.EnforcementActions.Add(new EnforcementAction(0, 3, $"ENF-{tag}-A3", EnforcementCodes.Helmet, In(month, 5), hasFootage: false, uploadDelayHours: null, penaltyIssued: true));
            db.EnforcementActions.Add(new EnforcementAction(0, 1, $"ENF-{tag}-A1", EnforcementCodes.Parking, In(month, 6), hasFootage: true, uploadDelayHours: 2, penaltyIssued: true));
            var drinking = new DisciplineIncident(0, 5, $"INC-{tag}-B2", IncidentCodes.Drinking, In(month, 12));
            drinking.Verify();
            db.DisciplineIncidents.Add(drinking);
            db.Commendations.Add(new Commendation(0, 6, $"COM-{tag}-B3", CommendationLevels.Letter, In(month, 20)));
        }
        // Accepted before the first month, deadline passed, never closed: overdue in every month evaluated.
        var first = months.Min();
        db.Cases.Add(new Case(0, 4, "CASE-B1", CaseKinds.Admin, first.StartInstant.AddDays(-30), first.StartInstant.AddDays(-15)));
        await db.SaveChangesAsync();
    }
}
