namespace AssessmentEngine.Rules.Tests.Fixtures;

public enum PostKind
{
    Road,
    Accident,
    Window,
}

public sealed class Enforcement
{
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public bool HasFootage { get; set; }
    public double UploadDelayHours { get; set; }
    public bool PenaltyIssued { get; set; }
    public decimal Fine { get; set; }
    public DateTime At { get; set; }
}

public sealed class CaseRecord
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTime AcceptedAt { get; set; }
    public DateTime DeadlineAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}

public sealed class Attendance
{
    public DateTime Day { get; set; }
    public string Status { get; set; } = "";
}

public sealed class Incident
{
    public string Code { get; set; } = "";
    public bool Verified { get; set; }
}

public sealed class Complaint
{
    public bool Verified { get; set; }
}

public sealed class Commendation
{
    public string Level { get; set; } = "";
}

public sealed class Squad
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public Officer? Leader { get; set; }
}

public sealed class Officer
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string PostType { get; set; } = "";
    public PostKind Post { get; set; }
    public string SquadId { get; set; } = "";
    public bool IsSquadLeader { get; set; }
    public List<Enforcement> Enforcements { get; set; } = [];
    public List<CaseRecord> Cases { get; set; } = [];
    public List<Attendance> Attendance { get; set; } = [];
    public List<Incident> Incidents { get; set; } = [];
    public List<Complaint> Complaints { get; set; } = [];
    public List<Commendation> Commendations { get; set; } = [];
    public double DutyHours { get; set; }
    public int? Rank { get; set; }
    public long Badge { get; set; }
    public decimal Allowance { get; set; }
    public int[] Scores { get; set; } = [];
    public Dictionary<string, double> Indicators { get; set; } = [];
    public Squad? Squad { get; set; }
    public DateTime JoinedAt { get; set; }
    public DayOfWeek RestDay { get; set; }
    public string? Nickname { get; set; }
}

public sealed class Period
{
    public DateTime Start { get; set; }
    public DateTime End { get; set; }
}

/// <summary>Officers shaped like the benchmark workload, from a fixed seed.</summary>
public static class OfficerFactory
{
    public static readonly Period June2024 = new() { Start = new DateTime(2024, 6, 1), End = new DateTime(2024, 7, 1) };

    public static List<Officer> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var officers = new List<Officer>(count);
        string[] codes = ["parking", "helmet", "other", "speeding", "drunk", "drunk_severe"];
        double[] codeWeights = [0.31, 0.29, 0.21, 0.16, 0.025, 0.005];
        for (var n = 0; n < count; n++)
        {
            var post = random.NextDouble() switch { < 0.70 => "road", < 0.85 => "accident", _ => "window" };
            var auxiliary = random.NextDouble() < 0.35;
            var officer = new Officer
            {
                Id = $"O{n:D5}",
                Kind = auxiliary ? "辅警" : "民警",
                PostType = post,
                Post = post switch { "road" => PostKind.Road, "accident" => PostKind.Accident, _ => PostKind.Window },
                SquadId = $"S{random.Next(400):D3}",
                IsSquadLeader = !auxiliary && random.NextDouble() < 0.10,
                DutyHours = 140 + random.NextDouble() * 50,
            };
            var missRate = random.NextDouble() < 0.2 ? 0.16 : 0.01;
            var enforcementCount = post switch { "road" => random.Next(35, 105), "accident" => random.Next(20, 60), _ => random.Next(10, 40) };
            for (var i = 0; i < enforcementCount; i++)
            {
                var roll = random.NextDouble();
                var code = codes[^1];
                for (var c = 0; c < codes.Length; c++)
                {
                    if (roll < codeWeights[c])
                    {
                        code = codes[c];
                        break;
                    }
                    roll -= codeWeights[c];
                }
                officer.Enforcements.Add(new Enforcement
                {
                    Id = $"{officer.Id}-E{i}",
                    Code = code,
                    HasFootage = random.NextDouble() >= missRate,
                    UploadDelayHours = random.NextDouble() < 0.004 ? 25 + random.NextDouble() * 48 : random.NextDouble() * 6,
                    PenaltyIssued = random.NextDouble() < 0.5,
                    Fine = random.Next(0, 20) * 50m,
                    At = June2024.Start.AddHours(random.Next(0, 24 * 30)),
                });
            }
            var caseCount = post == "accident" ? random.Next(4, 10) : random.Next(1, 7);
            for (var i = 0; i < caseCount; i++)
            {
                var kindRoll = random.NextDouble();
                var kind = kindRoll < 0.6 ? "admin" : kindRoll < 0.9 ? "accident" : "criminal";
                var limit = kind switch { "admin" => 15, "accident" => 10, _ => 30 };
                var accepted = June2024.Start.AddDays(random.Next(-20, 25));
                var closeRoll = random.NextDouble();
                officer.Cases.Add(new CaseRecord
                {
                    Id = $"{officer.Id}-C{i}",
                    Kind = kind,
                    AcceptedAt = accepted,
                    DeadlineAt = accepted.AddDays(limit),
                    ClosedAt = closeRoll < 0.90 ? accepted.AddDays(random.Next(1, limit)) : closeRoll < 0.97 ? accepted.AddDays(limit + random.Next(1, 10)) : null,
                });
            }
            for (var d = 0; d < 22; d++)
            {
                var roll = random.NextDouble();
                var status = roll < 0.96 ? "present" : roll < 0.973 ? "late" : roll < 0.9746 ? "absent" : roll < 0.985 ? "early" : "leave";
                officer.Attendance.Add(new Attendance { Day = June2024.Start.AddDays(d), Status = status });
            }
            var incidents = random.NextDouble() switch { < 0.75 => 0, < 0.93 => 1, _ => 2 };
            string[] incidentCodes = ["uniform", "off_post", "notice", "order_not_executed", "drinking"];
            for (var i = 0; i < incidents; i++)
                officer.Incidents.Add(new Incident { Code = incidentCodes[random.Next(incidentCodes.Length)], Verified = random.NextDouble() < 0.6 });
            if (random.NextDouble() < (post == "window" ? 0.14 : 0.07))
                officer.Complaints.Add(new Complaint { Verified = random.NextDouble() < 0.35 });
            if (random.NextDouble() < 0.10)
                officer.Commendations.Add(new Commendation { Level = new[] { "letter", "notice", "award", "merit3" }[random.Next(4)] });
            officers.Add(officer);
        }
        return officers;
    }
}
