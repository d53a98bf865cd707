using System.Runtime.InteropServices;
using AssessmentEngine.Engine.Bench.Workload;

namespace AssessmentEngine.Engine.Bench.Scoring;

/// <summary>
/// The same 25 rules hand-fused: one pass per list computes every aggregate the params and rules
/// need. The floor an engine could approach by fusing rules that scan the same list.
/// </summary>
public sealed class FusedReferenceScorer : IOfficerScorer
{
    private readonly RuleTable _rules;

    public FusedReferenceScorer(RuleTable rules)
    {
        rules.RequireOrder(LinqReferenceScorer.RuleNames, nameof(FusedReferenceScorer));
        _rules = rules;
    }

    public string Name => "fused-reference";
    public bool HasCompileStep => false;

    public void Prepare()
    {
    }

    public OfficerScore Score(Officer officer, Period period, Span<bool> fired)
    {
        var auxiliary = officer.Kind == "辅警";

        int enfCount = 0, footageCount = 0, drunkCount = 0;
        bool penaltyWithoutFootage = false, lateUpload = false, severePenalized = false, auxPenalty = false;
        foreach (var e in CollectionsMarshal.AsSpan(officer.Enforcements))
        {
            enfCount++;
            var code = e.Code;
            if (e.HasFootage)
            {
                footageCount++;
                lateUpload |= e.UploadDelayHours > 24;
            }
            if (code == "drunk")
            {
                drunkCount++;
            }
            else if (code == "drunk_severe")
            {
                drunkCount++;
                severePenalized |= e.PenaltyIssued && e.HasFootage;
            }
            if (e.PenaltyIssued)
            {
                penaltyWithoutFootage |= !e.HasFootage;
                auxPenalty |= auxiliary && code != "parking";
            }
        }

        int overdueCount = 0, onTimeCount = 0;
        var criminalClosedInPeriod = false;
        foreach (var c in CollectionsMarshal.AsSpan(officer.Cases))
        {
            if (c.ClosedAt is { } closed)
            {
                if (closed > c.DeadlineAt)
                    overdueCount++;
                else
                    onTimeCount++;
                criminalClosedInPeriod |= closed >= period.Start && closed < period.End && c.Kind == "criminal";
            }
            else if (c.DeadlineAt < period.End)
            {
                overdueCount++;
            }
        }
        var caseCount = officer.Cases.Count;

        int lateCount = 0, absentCount = 0, presentCount = 0;
        var early = false;
        foreach (var a in CollectionsMarshal.AsSpan(officer.Attendance))
        {
            switch (a.Status)
            {
                case "present": presentCount++; break;
                case "late": lateCount++; break;
                case "absent": absentCount++; break;
                case "early": early = true; break;
            }
        }
        var attendanceCount = officer.Attendance.Count;

        bool offPost = false, uniform = false, drinking = false, orderNotExecuted = false;
        foreach (var i in CollectionsMarshal.AsSpan(officer.Incidents))
        {
            if (!i.Verified)
                continue;
            switch (i.Code)
            {
                case "off_post": offPost = true; break;
                case "uniform": uniform = true; break;
                case "drinking": drinking = true; break;
                case "order_not_executed": orderNotExecuted = true; break;
            }
        }

        var verifiedComplaint = false;
        foreach (var c in CollectionsMarshal.AsSpan(officer.Complaints))
            verifiedComplaint |= c.Verified;

        bool letterOrNotice = false, awardOrMerit = false;
        foreach (var c in CollectionsMarshal.AsSpan(officer.Commendations))
        {
            switch (c.Level)
            {
                case "letter" or "notice": letterOrNotice = true; break;
                case "award" or "merit3": awardOrMerit = true; break;
            }
        }

        var bodycamRate = enfCount == 0 ? 1.0 : footageCount * 1.0 / enfCount;
        var presentRate = attendanceCount == 0 ? 0.0 : presentCount * 1.0 / attendanceCount;

        fired[0] = enfCount > 0 && bodycamRate < 0.95;
        fired[1] = penaltyWithoutFootage;
        fired[2] = lateUpload;
        fired[3] = officer.PostType == "road" && enfCount < 40;
        fired[4] = drunkCount >= 3;
        fired[5] = severePenalized;
        fired[6] = auxPenalty;
        fired[7] = overdueCount >= 1;
        fired[8] = overdueCount >= 2;
        fired[9] = caseCount > 0 && onTimeCount == caseCount;
        fired[10] = criminalClosedInPeriod;
        fired[11] = lateCount >= 1;
        fired[12] = lateCount >= 3;
        fired[13] = early;
        fired[14] = absentCount >= 1;
        fired[15] = presentRate < 0.9;
        fired[16] = attendanceCount >= 20 && presentCount == attendanceCount;
        fired[17] = offPost;
        fired[18] = uniform;
        fired[19] = drinking;
        fired[20] = orderNotExecuted;
        fired[21] = verifiedComplaint;
        fired[22] = letterOrNotice;
        fired[23] = awardOrMerit;
        fired[24] = (auxiliary && officer.DutyHours < 160) || (officer.IsSquadLeader && officer.DutyHours < 170);

        return _rules.Tally(fired);
    }
}
