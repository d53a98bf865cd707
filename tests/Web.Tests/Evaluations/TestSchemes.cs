using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>Small schemes whose scores the evaluation tests compute by hand.</summary>
internal static class TestSchemes
{
    public const string Officer = """
        { "WorkflowName": "test-officer-monthly",
          "Scheme": { "Title": "测试民警月度考核", "Population": "Officer", "Period": "Monthly", "BaseScore": 100,
            "Categories": [ { "Name": "attendance", "Title": "考勤" }, { "Name": "enforcement", "Title": "执法" },
                            { "Name": "cases", "Title": "案件" }, { "Name": "discipline", "Title": "纪律" }, { "Name": "commendation", "Title": "表彰", "Cap": 15 } ],
            "Grades": [ { "Name": "优秀", "Min": 90 }, { "Name": "合格", "Min": 80 }, { "Name": "不合格", "Min": null } ],
            "PeerGroup": [ "BrigadeId", "PostType" ] },
          "GlobalParams": [
            { "Name": "lateCount", "Expression": "officer.Attendance.Count(a => a.Status == \"late\")" },
            { "Name": "noFootage", "Expression": "officer.Enforcements.Count(e => e.PenaltyIssued && !e.HasFootage)" },
            { "Name": "overdue", "Expression": "officer.Cases.Count(c => c.DeadlineAt < period.End && (c.ClosedAt == null || c.ClosedAt > c.DeadlineAt))" } ],
          "Rules": [
            { "RuleName": "LateArrival", "Expression": "lateCount > 0",
              "Properties": { "Title": "迟到", "Category": "attendance", "Points": "-1 * lateCount", "Evidence": "officer.Attendance.Where(a => a.Status == \"late\")" } },
            { "RuleName": "PenaltyWithoutFootage", "Expression": "noFootage > 0",
              "Properties": { "Title": "处罚无执法记录", "Category": "enforcement", "Points": "-5 * noFootage", "Outcome": "Warning", "Evidence": "officer.Enforcements.Where(e => e.PenaltyIssued && !e.HasFootage)" } },
            { "RuleName": "OverdueCase", "Expression": "overdue > 0",
              "Properties": { "Title": "案件超期", "Category": "cases", "Points": "-3 * overdue" } },
            { "RuleName": "DrinkingOnDuty", "Expression": "officer.Incidents.Any(i => i.Verified && i.Code == \"drinking\")",
              "Properties": { "Title": "违反禁酒令", "Category": "discipline", "Points": 0, "Veto": true, "Outcome": "Interview:Committee" } },
            { "RuleName": "Letter", "Expression": "officer.Commendations.Any(c => c.Level == \"letter\")",
              "Properties": { "Title": "锦旗表扬", "Category": "commendation", "Points": 2 } },
            { "RuleName": "Appeal", "Expression": "officer.Adjustments.Count > 0",
              "Properties": { "Title": "申诉调整", "Category": "attendance", "Points": "officer.Adjustments.Sum(a => a.Points)" } }
          ] }
        """;

    public const string Squad = """
        { "WorkflowName": "test-squad-monthly",
          "Scheme": { "Title": "测试中队月度考核", "Population": "Squad", "Period": "Monthly", "BaseScore": 0,
            "Categories": [ { "Name": "members", "Title": "队员" }, { "Name": "cases", "Title": "案件" } ],
            "Grades": [ { "Name": "先进", "Min": 95 }, { "Name": "达标", "Min": 80 }, { "Name": "后进", "Min": null } ],
            "PeerGroup": [ "BrigadeId" ] },
          "Rules": [
            { "RuleName": "AverageScore", "Expression": "true", "Properties": { "Title": "队员平均分", "Category": "members", "Points": "squad.AverageScore" } },
            { "RuleName": "OverdueCases", "Expression": "squad.OverdueCases > 0", "Properties": { "Title": "超期案件", "Category": "cases", "Points": "-2 * squad.OverdueCases" } }
          ] }
        """;

    public const string Outcomes = """
        { "WorkflowName": "test-outcomes-monthly",
          "Scheme": { "Title": "测试奖惩", "Population": "Outcome", "Period": "Monthly", "BaseScore": 0 },
          "Rules": [
            { "RuleName": "ExcellentOfficer", "Expression": "subject.Kind == \"officer\" && subject.Percentile >= 90 && subject.Score >= 90 && !subject.Vetoed",
              "Properties": { "Title": "优秀民警", "Points": 0, "Outcome": "Commendation:ExcellentOfficer" } },
            { "RuleName": "AdvancedSquad", "Expression": "subject.Kind == \"squad\" && subject.BrigadeRankOfSquad == 1 && subject.OverdueCases == 0 && !subject.Vetoed",
              "Properties": { "Title": "先进中队", "Points": 0, "Outcome": "Commendation:AdvancedSquad" } },
            { "RuleName": "BelowPass", "Expression": "subject.Kind == \"officer\" && subject.Score < 80",
              "Properties": { "Title": "考核不合格约谈", "Points": 0, "Outcome": "Interview:Squad" } },
            { "RuleName": "BelowPassTwice", "Expression": "subject.Kind == \"officer\" && subject.Score < 80 && subject.History.Count >= 1 && subject.History[0].Score < 80",
              "Properties": { "Title": "连续两月不合格", "Points": 0, "Outcome": "Interview:Department" } },
            { "RuleName": "BelowPassThrice", "Expression": "subject.Kind == \"officer\" && subject.Score < 80 && subject.History.Count >= 2 && subject.History[0].Score < 80 && subject.History[1].Score < 80",
              "Properties": { "Title": "连续三月不合格", "Points": 0, "Outcome": "Interview:Committee" } }
          ] }
        """;

    public static IReadOnlyList<(string FileName, string Content)> All =>
        [("test-officer-monthly.json", Officer), ("test-squad-monthly.json", Squad), ("test-outcomes-monthly.json", Outcomes)];

    /// <summary>
    /// Withdraws every scheme version in force (the app imports the shipped ones at start-up) and imports these, so the
    /// hand-computed figures of the tests are the ones evaluated.
    /// </summary>
    public static async Task ReplaceShippedAsync(AssessmentDbContext db, SchemeCatalog catalog)
    {
        foreach (var version in await db.RuleSetVersions.Where(v => v.Status != RuleSetStatus.Retired).ToListAsync())
            version.Retire();
        await db.SaveChangesAsync();
        await ShippedSchemes.ImportAsync(db, catalog, All, DateTimeOffset.UtcNow);
    }
}
