namespace AssessmentEngine.Engine.Bench.Workload;

/// <summary>
/// Builds one month (June 2024) of duty facts following the rates of WORKLOAD.md.
/// Deterministic: a fixed seed and no wall clock, so every run sees the same officers.
/// </summary>
public sealed class WorkloadGenerator(int seed = WorkloadGenerator.DefaultSeed, bool distinctStrings = false)
{
    public const int DefaultSeed = 20240601;
    public const int SquadCount = 400;
    public const int AttendanceDays = 22;

    public static Period June2024 { get; } = new() { Start = new DateTime(2024, 6, 1), End = new DateTime(2024, 7, 1) };

    private readonly Random _rng = new(seed);

    // Data read from a database or JSON holds a fresh string per field; literals share one instance,
    // which lets string == succeed on the reference check and flatters every contender.
    private string Text(string literal) => distinctStrings ? new string(literal.AsSpan()) : literal;

    public List<Officer> Generate(int count)
    {
        var officers = new List<Officer>(count);
        for (var i = 0; i < count; i++)
            officers.Add(NextOfficer(i));
        return officers;
    }

    private Officer NextOfficer(int index)
    {
        var auxiliary = _rng.NextDouble() < 0.35;
        var post = Pick(_rng.NextDouble(), (0.70, "road"), (0.85, "accident"), (1.0, "window"));
        var officer = new Officer
        {
            Id = $"P{index + 1:D6}",
            Kind = Text(auxiliary ? "辅警" : "民警"),
            PostType = Text(post),
            SquadId = $"SQ{_rng.Next(SquadCount) + 1:D3}",
            IsSquadLeader = !auxiliary && _rng.NextDouble() < 0.10,
            DutyHours = Math.Round(Math.Clamp(Normal(172, 7), 120, 220), 1),
        };
        AddEnforcements(officer);
        AddCases(officer);
        AddAttendance(officer);
        AddIncidents(officer);
        AddComplaints(officer);
        AddCommendations(officer);
        return officer;
    }

    private void AddEnforcements(Officer officer)
    {
        double mean = officer.PostType switch { "road" => 70, "accident" => 40, _ => 25 };
        var count = (int)Math.Round(Math.Max(0, Normal(mean, mean * 0.2)));
        // Most officers miss footage on 1 % of enforcements, a fifth on 16 %: ≈ 96 % overall.
        var missRate = _rng.NextDouble() < 0.2 ? 0.16 : 0.01;
        var auxiliary = officer.Kind == "辅警";
        var list = new List<Enforcement>(count);
        for (var i = 0; i < count; i++)
        {
            var code = Pick(_rng.NextDouble(),
                (0.31, "parking"), (0.60, "helmet"), (0.81, "other"), (0.97, "speeding"), (0.995, "drunk"), (1.0, "drunk_severe"));
            var hasFootage = _rng.NextDouble() >= missRate;
            // Penalties mostly follow footage; auxiliaries may only ticket parking, so anything else is a rare breach.
            var penaltyRate = auxiliary
                ? (code == "parking" ? 0.6 : 0.001)
                : (hasFootage ? 0.75 : 0.05);
            list.Add(new Enforcement
            {
                Code = Text(code),
                HasFootage = hasFootage,
                UploadDelayHours = hasFootage ? UploadDelay() : 0,
                PenaltyIssued = _rng.NextDouble() < penaltyRate,
            });
        }
        officer.Enforcements = list;
    }

    // ≈ 3 h on average; 0.4 % of uploads take more than a day.
    private double UploadDelay() =>
        _rng.NextDouble() < 0.004
            ? 24 + (_rng.NextDouble() * 48)
            : Math.Round(Math.Min(23.5, -Math.Log(1 - _rng.NextDouble()) * 2.9), 2);

    private void AddCases(Officer officer)
    {
        var count = Poisson(officer.PostType == "accident" ? 7.0 : 3.5);
        var period = June2024;
        var list = new List<CaseRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var (kind, limitDays) = Pick(_rng.NextDouble(), (0.6, ("admin", 15)), (0.9, ("accident", 10)), (1.0, ("criminal", 30)));
            // Accepted so that deadlines spread over the month: some fall before the period ends, some after.
            var windowHours = (limitDays + 30) * 24;
            var accepted = period.Start.AddDays(-limitDays).AddHours(_rng.Next(windowHours));
            var deadline = accepted.AddDays(limitDays);
            var outcome = _rng.NextDouble();
            DateTime? closed = outcome switch
            {
                < 0.90 => accepted.AddHours(_rng.Next(1, (limitDays * 24) + 1)),
                < 0.97 => deadline.AddHours(_rng.Next(1, 240)),
                _ => null,
            };
            list.Add(new CaseRecord { Kind = Text(kind), AcceptedAt = accepted, DeadlineAt = deadline, ClosedAt = closed });
        }
        officer.Cases = list;
    }

    private void AddAttendance(Officer officer)
    {
        // A rotating roster: 22 duty days out of June's 30, staggered per officer.
        var offset = _rng.Next(15);
        var list = new List<Attendance>(AttendanceDays);
        for (var day = 0; day < 30; day++)
        {
            if ((day + offset) % 15 < 4)
                continue;
            var status = Pick(_rng.NextDouble(),
                (0.96, "present"), (0.973, "late"), (0.9746, "absent"), (0.9776, "early"), (1.0, "leave"));
            list.Add(new Attendance { Day = June2024.Start.AddDays(day), Status = Text(status) });
        }
        officer.Attendance = list;
    }

    private void AddIncidents(Officer officer)
    {
        var count = Pick(_rng.NextDouble(), (0.75, 0), (0.93, 1), (1.0, 2));
        var list = new List<Incident>(count);
        for (var i = 0; i < count; i++)
        {
            var code = Pick(_rng.NextDouble(),
                (0.35, "uniform"), (0.65, "notice"), (0.85, "off_post"), (0.96, "order_not_executed"), (1.0, "drinking"));
            list.Add(new Incident { Code = Text(code), Verified = _rng.NextDouble() < 0.5 });
        }
        officer.Incidents = list;
    }

    private void AddComplaints(Officer officer)
    {
        // 7 % of officers overall, 14 % at windows: 0.85·p + 0.15·0.14 = 0.07.
        var rate = officer.PostType == "window" ? 0.14 : 0.0576;
        var list = new List<Complaint>();
        if (_rng.NextDouble() < rate)
            list.Add(new Complaint { Verified = _rng.NextDouble() < 0.35 });
        officer.Complaints = list;
    }

    private void AddCommendations(Officer officer)
    {
        var list = new List<Commendation>();
        if (_rng.NextDouble() < 0.10)
        {
            var level = Pick(_rng.NextDouble(), (0.4, "letter"), (0.7, "notice"), (0.9, "award"), (1.0, "merit3"));
            list.Add(new Commendation { Level = Text(level) });
        }
        officer.Commendations = list;
    }

    private static T Pick<T>(double u, params ReadOnlySpan<(double UpTo, T Value)> choices)
    {
        foreach (var (upTo, value) in choices)
        {
            if (u < upTo)
                return value;
        }
        return choices[^1].Value;
    }

    private double Normal(double mean, double sd)
    {
        var u1 = 1.0 - _rng.NextDouble();
        var u2 = _rng.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    private int Poisson(double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = _rng.NextDouble();
        while (p > limit)
        {
            k++;
            p *= _rng.NextDouble();
        }
        return k;
    }
}
