using AssessmentEngine.Engine.Bench.Scoring;

namespace AssessmentEngine.Engine.Bench.Workload;

/// <summary>Prints what was generated next to the WORKLOAD.md targets, so a reader can see the workload matches.</summary>
public static class WorkloadSummary
{
    public static void Print(IReadOnlyList<Officer> officers, Period period, RuleTable rules, IOfficerScorer reference)
    {
        double n = officers.Count;
        long objects = 0, enforcements = 0, footage = 0, over24 = 0, cases = 0, onTime = 0, late = 0, never = 0;
        long attendance = 0, present = 0, lateDays = 0, absent = 0, complained = 0, verifiedComplaints = 0, complaints = 0;
        long auxiliary = 0, leaders = 0, road = 0, accident = 0, window = 0, commended = 0, noIncident = 0, oneIncident = 0;
        long parking = 0, drunk = 0, severe = 0;
        double delay = 0, dutyHours = 0;
        var squads = new HashSet<string>();
        foreach (var o in officers)
        {
            // The officer, its six lists and every record in them.
            objects += 7 + o.Enforcements.Count + o.Cases.Count + o.Attendance.Count + o.Incidents.Count + o.Complaints.Count + o.Commendations.Count;
            auxiliary += o.Kind == "辅警" ? 1 : 0;
            leaders += o.IsSquadLeader ? 1 : 0;
            road += o.PostType == "road" ? 1 : 0;
            accident += o.PostType == "accident" ? 1 : 0;
            window += o.PostType == "window" ? 1 : 0;
            squads.Add(o.SquadId);
            dutyHours += o.DutyHours;
            foreach (var e in o.Enforcements)
            {
                enforcements++;
                parking += e.Code == "parking" ? 1 : 0;
                drunk += e.Code == "drunk" ? 1 : 0;
                severe += e.Code == "drunk_severe" ? 1 : 0;
                if (!e.HasFootage)
                    continue;
                footage++;
                delay += e.UploadDelayHours;
                over24 += e.UploadDelayHours > 24 ? 1 : 0;
            }
            foreach (var c in o.Cases)
            {
                cases++;
                if (c.ClosedAt is null)
                    never++;
                else if (c.ClosedAt <= c.DeadlineAt)
                    onTime++;
                else
                    late++;
            }
            foreach (var a in o.Attendance)
            {
                attendance++;
                present += a.Status == "present" ? 1 : 0;
                lateDays += a.Status == "late" ? 1 : 0;
                absent += a.Status == "absent" ? 1 : 0;
            }
            noIncident += o.Incidents.Count == 0 ? 1 : 0;
            oneIncident += o.Incidents.Count == 1 ? 1 : 0;
            complained += o.Complaints.Count > 0 ? 1 : 0;
            complaints += o.Complaints.Count;
            verifiedComplaints += o.Complaints.Count(c => c.Verified);
            commended += o.Commendations.Count > 0 ? 1 : 0;
        }

        var firedPerRule = new long[rules.Count];
        long firedTotal = 0;
        Span<bool> fired = stackalloc bool[rules.Count];
        foreach (var o in officers)
        {
            reference.Score(o, period, fired);
            for (var i = 0; i < fired.Length; i++)
            {
                if (!fired[i])
                    continue;
                firedPerRule[i]++;
                firedTotal++;
            }
        }

        Console.WriteLine($"Workload: {officers.Count:N0} officers, {period.Start:yyyy-MM-dd} .. {period.End:yyyy-MM-dd} (end exclusive), seed {WorkloadGenerator.DefaultSeed}");
        Line("objects per officer", objects / n, "≈ 92");
        Line("firing rules per officer (linq-reference)", firedTotal / n, "≈ 3.2");
        Line("辅警 share %", 100 * auxiliary / n, "35");
        Line("posts road/accident/window %", $"{100 * road / n:F1}/{100 * accident / n:F1}/{100 * window / n:F1}", "70/15/15");
        Line("squad leaders % of 民警", 100.0 * leaders / (n - auxiliary), "10");
        Line("squads", squads.Count, "400");
        Line("enforcements per officer", enforcements / n, "≈ 59");
        Line("codes parking/drunk/drunk_severe %", $"{100.0 * parking / enforcements:F1}/{100.0 * drunk / enforcements:F2}/{100.0 * severe / enforcements:F2}", "31/2.5/0.5");
        Line("footage present %", 100.0 * footage / enforcements, "≈ 96");
        Line("upload delay mean h", delay / footage, "≈ 3");
        Line("uploads over 24 h %", 100.0 * over24 / footage, "≈ 0.4");
        Line("cases per officer", cases / n, "≈ 4");
        Line("cases on time/late/never %", $"{100.0 * onTime / cases:F1}/{100.0 * late / cases:F1}/{100.0 * never / cases:F1}", "90/7/3");
        Line("attendance days per officer", attendance / n, "22");
        Line("present/late/absent %", $"{100.0 * present / attendance:F2}/{100.0 * lateDays / attendance:F2}/{100.0 * absent / attendance:F2}", "96/1.3/0.16");
        Line("incidents 0/1/2 %", $"{100 * noIncident / n:F1}/{100 * oneIncident / n:F1}/{100 * (n - noIncident - oneIncident) / n:F1}", "75/18/7");
        Line("officers with a complaint %", 100 * complained / n, "7");
        Line("complaints verified %", complaints == 0 ? 0 : 100.0 * verifiedComplaints / complaints, "35");
        Line("officers commended %", 100 * commended / n, "10");
        Line("duty hours mean", dutyHours / n, "160–180");
        Console.WriteLine("  firing rate per rule (% of officers):");
        for (var i = 0; i < rules.Count; i++)
            Console.WriteLine($"    {rules.Names[i],-28} {100 * firedPerRule[i] / n,6:F2}");
        Console.WriteLine($"RESULT_WORKLOAD officers={officers.Count} objects_per_officer={objects / n:F1} fired_per_officer={firedTotal / n:F2}");
        Console.WriteLine();
    }

    private static void Line(string what, double value, string target) => Line(what, value.ToString("F2"), target);

    private static void Line(string what, string value, string target) =>
        Console.WriteLine($"  {what,-40} {value,16}   (WORKLOAD.md: {target})");
}
