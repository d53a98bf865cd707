using System.Globalization;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Demo;

/// <summary>
/// Generates a detachment and a month of duty facts at the rates of docs/domain.md and the benchmark workload.
/// Deterministic: everything derives from <see cref="DemoOptions.Seed"/> through <see cref="Random(int)"/>
/// (whose seeded algorithm is fixed across platforms) and uses only arithmetic, never the clock.
/// Facts are drawn per officer from a generator seeded by (seed, officer id), so one officer's facts do
/// not depend on which other officers are streamed.
/// </summary>
public static class DemoGenerator
{
    private const int MaxFactsPerKind = 1000;
    private const int ComplaintSalt = 0x0C0FFEE;
    private const int UnitIndicatorSalt = 0x5EED;

    private static readonly string[] SmallNumbers = BuildSmallNumbers();

    public static DemoOrganization CreateOrganization(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(options.Seed);
        // A fixed anchor, not the period: the same seed must give the same people whatever month is generated.
        var joinedBefore = new DateOnly(2024, 1, 1);

        var detachment = Unit.Detachment(1, "D01", "示范市公安局交通警察支队");
        var brigades = new List<Unit>(options.Brigades);
        var squads = new List<Unit>(options.Brigades * options.SquadsPerBrigade);
        var officers = new List<Officer>(options.OfficerCount);
        var sworn = new Officer[options.OfficersPerSquad];
        long unitId = 2;
        long officerId = 1;

        for (var b = 1; b <= options.Brigades; b++)
        {
            var brigade = Unit.Brigade(unitId++, "B" + b.ToString("D2", CultureInfo.InvariantCulture), ChineseNames.Numeral(b) + "大队", detachment);
            brigades.Add(brigade);
            for (var s = 1; s <= options.SquadsPerBrigade; s++)
            {
                var squad = Unit.Squad(
                    unitId++,
                    brigade.Code + "-S" + s.ToString("D2", CultureInfo.InvariantCulture),
                    ChineseNames.Numeral(s) + "中队",
                    brigade);
                squads.Add(squad);

                for (var i = 0; i < options.OfficersPerSquad; i++)
                {
                    var isBrigadeLeader = s == 1 && i == 1;
                    var post = i == 0 ? PostType.Road : isBrigadeLeader ? PostType.Office : DrawPost(random);
                    var officer = Officer.Sworn(
                        officerId,
                        "J" + officerId.ToString("D6", CultureInfo.InvariantCulture),
                        ChineseNames.Person(random),
                        post,
                        squad,
                        joinedBefore.AddDays(-30 - random.Next(9000)));
                    officerId++;
                    if (i == 0)
                        officer.MakeSquadLeader();
                    if (isBrigadeLeader)
                        officer.MakeBrigadeLeader();
                    sworn[i] = officer;
                    officers.Add(officer);
                }

                for (var k = 0; k < options.AuxiliariesPerSquad; k++)
                {
                    var auxiliary = Officer.Auxiliary(
                        officerId,
                        "F" + officerId.ToString("D6", CultureInfo.InvariantCulture),
                        ChineseNames.Person(random),
                        DrawPost(random),
                        squad,
                        joinedBefore.AddDays(-30 - random.Next(3000)));
                    officerId++;
                    // The squad leader answers for the squad as a whole, so auxiliaries are spread over the other officers.
                    auxiliary.AssignSupervisor(sworn[1 + (k % (options.OfficersPerSquad - 1))]);
                    officers.Add(auxiliary);
                }
            }
        }

        return new DemoOrganization(options, detachment, brigades, squads, officers);
    }

    /// <summary>The month's facts, one officer at a time, so that no more than one officer's facts need be in memory.</summary>
    public static IEnumerable<OfficerFacts> StreamFacts(DemoOrganization organization, WorkingCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var month = new MonthFrame(organization.Options.Period, calendar ?? WorkingCalendar.WeekdaysOnly);
        return Stream(organization, month);
    }

    public static OfficerFacts FactsFor(DemoOrganization organization, Officer officer, WorkingCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(officer);
        return Generate(organization.Options.Seed, officer, new MonthFrame(organization.Options.Period, calendar ?? WorkingCalendar.WeekdaysOnly));
    }

    /// <summary>Squad-level indicators as a supervision platform would export them for the month.</summary>
    public static IEnumerable<ImportedIndicator> UnitIndicators(DemoOrganization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var month = new MonthFrame(organization.Options.Period, null);
        var random = new Random(OfficerSeed(organization.Options.Seed ^ UnitIndicatorSalt, 0, month.MonthIndex));
        foreach (var squad in organization.Squads)
        {
            var accidents = Math.Round(0.5 + (2.5 * random.NextDouble()), 2);
            // "+ 2": officer indicators of the same month use "+ 1" on the same id space.
            yield return ImportedIndicator.ForUnit(
                FactIdBase(month.MonthIndex, squad.Id) + 2,
                "IND-U-" + month.Tag + "-" + squad.Code,
                squad.Id,
                month.Period,
                "accidents_per_10k_vehicles",
                accidents,
                month.EndInstant);
        }
    }

    private static IEnumerable<OfficerFacts> Stream(DemoOrganization organization, MonthFrame month)
    {
        var seed = organization.Options.Seed;
        foreach (var officer in organization.Officers)
            yield return Generate(seed, officer, month);
    }

    private static PostType DrawPost(Random random)
    {
        var u = random.NextDouble();
        return u < 0.70 ? PostType.Road : u < 0.85 ? PostType.Accident : u < 0.98 ? PostType.Window : PostType.Office;
    }

    private static OfficerFacts Generate(int seed, Officer officer, MonthFrame month)
    {
        var random = new Random(OfficerSeed(seed, officer.Id, month.MonthIndex));
        var facts = new OfficerFacts(officer);
        var officerText = officer.Id.ToString(CultureInfo.InvariantCulture);
        var idText = month.Tag + "-" + officerText;
        var baseId = FactIdBase(month.MonthIndex, officer.Id);

        AddAttendanceAndShifts(facts, random, month, idText, baseId);
        AddEnforcements(facts, random, month, idText, baseId);
        AddCases(facts, random, month, idText, baseId);
        AddIncidents(facts, random, month, idText, baseId);
        AddComplaints(facts, seed, month, officerText);
        AddCommendationsAndTrainings(facts, random, month, idText, baseId);
        return facts;
    }

    private static void AddAttendanceAndShifts(OfficerFacts facts, Random random, MonthFrame month, string idText, long baseId)
    {
        var officer = facts.Officer;
        var post = officer.Post.Code();
        var attendancePrefix = "ATT-" + idText + "-";
        var shiftPrefix = "SHF-" + idText + "-";
        facts.Attendance.Capacity = month.WorkingDays.Length;
        facts.Shifts.Capacity = month.WorkingDays.Length;
        var n = 0;
        foreach (var day in month.WorkingDays)
        {
            n++;
            var u = random.NextDouble();
            string status;
            var minutes = 0;
            if (u < 0.960)
            {
                status = AttendanceStatuses.Present;
            }
            else if (u < 0.973)
            {
                status = AttendanceStatuses.Late;
                minutes = 5 + random.Next(56);
            }
            else if (u < 0.9746)
            {
                status = AttendanceStatuses.Absent;
            }
            else if (u < 0.980)
            {
                status = AttendanceStatuses.Early;
                minutes = 10 + random.Next(80);
            }
            else
            {
                status = AttendanceStatuses.Leave;
            }

            facts.Attendance.Add(new AttendanceDay(baseId + n, officer.Id, Suffix(attendancePrefix, n), day, status, minutes));
            if (status is AttendanceStatuses.Absent or AttendanceStatuses.Leave)
                continue;

            // Road duty runs in an early and a late shift; the other posts keep office hours.
            var startHour = officer.Post == PostType.Road && random.Next(2) == 1 ? 14 : 8;
            var hours = officer.Post == PostType.Road ? 8.5 : 8.0;
            var signedIn = random.NextDouble() >= 0.01;
            var offPost = random.NextDouble() < 0.002;
            var start = month.At(day, startHour * 60);
            facts.Shifts.Add(new Shift(baseId + n, officer.Id, Suffix(shiftPrefix, n), post, start, hours, signedIn, offPost));
        }
    }

    private static void AddEnforcements(OfficerFacts facts, Random random, MonthFrame month, string idText, long baseId)
    {
        var officer = facts.Officer;
        double mean = officer.Post switch
        {
            PostType.Road => 70,
            PostType.Accident => 40,
            PostType.Window => 25,
            _ => 3,
        };
        var count = (int)(mean * (0.7 + (0.6 * random.NextDouble())));
        // Most officers record nearly everything; a fifth are sloppy with the bodycam.
        var missRate = random.NextDouble() < 0.2 ? 0.16 : 0.01;
        var prefix = "ENF-" + idText + "-";
        var decisionPrefix = "JD" + idText + "-";
        facts.Enforcements.Capacity = count;
        for (var n = 1; n <= count; n++)
        {
            var u = random.NextDouble();
            var code = u < 0.31 ? EnforcementCodes.Parking
                : u < 0.60 ? EnforcementCodes.Helmet
                : u < 0.81 ? EnforcementCodes.Other
                : u < 0.97 ? EnforcementCodes.Speeding
                : u < 0.995 ? EnforcementCodes.Drunk
                : EnforcementCodes.DrunkSevere;
            var at = month.At(random.Next(month.Days), 420 + random.Next(840));
            var hasFootage = random.NextDouble() >= missRate;
            double? delay = null;
            if (hasFootage)
            {
                // ≈ 3 h on average without transcendental functions, whose last bits may differ between platforms.
                delay = random.NextDouble() < 0.004
                    ? 24.5 + (72 * random.NextDouble())
                    : 0.2 + (11.2 * random.NextDouble() * random.NextDouble());
            }

            var drink = code is EnforcementCodes.Drunk or EnforcementCodes.DrunkSevere;
            // The ticketing terminal's interlock makes a penalty without footage rare, and an auxiliary may only
            // issue parking tickets on their own: both stay possible, because the rules exist to catch them.
            var draw = random.NextDouble();
            var penalty = officer.IsAuxiliary
                ? draw < (code == EnforcementCodes.Parking ? 0.88 : 0.01)
                : drink || draw < (hasFootage ? 0.88 : 0.06);
            facts.Enforcements.Add(new EnforcementAction(
                baseId + n,
                officer.Id,
                Suffix(prefix, n),
                code,
                at,
                hasFootage,
                delay,
                penalty,
                penalty ? Suffix(decisionPrefix, n) : null));
        }
    }

    private static void AddCases(OfficerFacts facts, Random random, MonthFrame month, string idText, long baseId)
    {
        var officer = facts.Officer;
        double mean = officer.Post switch
        {
            PostType.Accident => 7,
            PostType.Office => 1,
            _ => 3.6,
        };
        var count = (int)((mean * (0.5 + random.NextDouble())) + 0.5);
        var prefix = "CASE-" + idText + "-";
        for (var n = 1; n <= count; n++)
        {
            var u = random.NextDouble();
            var kind = u < 0.6 ? CaseKinds.Admin : u < 0.9 ? CaseKinds.Accident : CaseKinds.Criminal;
            var accepted = month.At(random.Next(month.Days), 480 + random.Next(600));
            var deadline = accepted.AddDays(CaseKinds.LimitDays(kind));
            var limitMinutes = CaseKinds.LimitDays(kind) * 24 * 60;
            var close = random.NextDouble();
            DateTimeOffset? closed = close < 0.90
                ? accepted.AddMinutes(60 + random.Next(limitMinutes - 60))
                : close < 0.97
                    ? deadline.AddMinutes(60 + random.Next(10 * 24 * 60))
                    : null;
            facts.Cases.Add(new Case(baseId + n, officer.Id, Suffix(prefix, n), kind, accepted, deadline, closed));
        }
    }

    private static void AddIncidents(OfficerFacts facts, Random random, MonthFrame month, string idText, long baseId)
    {
        var u = random.NextDouble();
        var count = u < 0.75 ? 0 : u < 0.93 ? 1 : 2;
        var prefix = "INC-" + idText + "-";
        for (var n = 1; n <= count; n++)
        {
            var c = random.NextDouble();
            var code = c < 0.55 ? IncidentCodes.Uniform
                : c < 0.90 ? IncidentCodes.Notice
                : c < 0.95 ? IncidentCodes.OffPost
                : c < 0.998 ? IncidentCodes.OrderNotExecuted
                : IncidentCodes.Drinking;
            var incident = new DisciplineIncident(baseId + n, facts.Officer.Id, Suffix(prefix, n), code, month.At(random.Next(month.Days), 480 + random.Next(720)));
            var outcome = random.NextDouble();
            if (outcome < 0.85)
                incident.Verify();
            else if (outcome < 0.90)
                incident.Dismiss("督察复核不成立");
            facts.Incidents.Add(incident);
        }
    }

    /// <remarks>
    /// The 90-day complaint rules look back two months, so each month's stream also carries the complaints of
    /// the two months before it. They are drawn from a generator of their own month, so they are the very
    /// complaints (same ids and external ids) that month's own stream yields, and ingesting both is idempotent.
    /// </remarks>
    private static void AddComplaints(OfficerFacts facts, int seed, MonthFrame month, string officerText)
    {
        var officerId = facts.Officer.Id;
        var rate = facts.Officer.Post == PostType.Window ? 0.14 : 0.07;
        for (var monthsBack = 2; monthsBack >= 0; monthsBack--)
        {
            var complaintMonth = month.Lookback(monthsBack);
            // Most officer-months have no complaint: decide that from a hash, and build a generator only when needed.
            var draw = OfficerSeed(seed ^ ComplaintSalt, officerId, complaintMonth.MonthIndex) / 2147483648.0;
            if (draw >= rate)
                continue;
            var random = new Random(OfficerSeed(seed ^ ComplaintSalt ^ 1, officerId, complaintMonth.MonthIndex));
            var prefix = "CMP-" + complaintMonth.Tag + "-" + officerText + "-";
            var baseId = FactIdBase(complaintMonth.MonthIndex, officerId);
            var count = random.NextDouble() < 0.1 ? 2 : 1;
            for (var n = 1; n <= count; n++)
            {
                var at = complaintMonth.At(random.Next(complaintMonth.Days), 480 + random.Next(720));
                var complaint = new Complaint(baseId + n, officerId, Suffix(prefix, n), at);
                var finding = random.NextDouble();
                if (finding < 0.35)
                    complaint.Verify("经调查属实");
                else if (finding < 0.80)
                    complaint.MarkUnfounded("经调查不属实");
                facts.Complaints.Add(complaint);
            }
        }
    }

    private static void AddCommendationsAndTrainings(OfficerFacts facts, Random random, MonthFrame month, string idText, long baseId)
    {
        var officerId = facts.Officer.Id;
        if (random.NextDouble() < 0.10)
        {
            var u = random.NextDouble();
            var level = u < 0.45 ? CommendationLevels.Letter
                : u < 0.75 ? CommendationLevels.Notice
                : u < 0.93 ? CommendationLevels.Award
                : u < 0.99 ? CommendationLevels.Merit3
                : CommendationLevels.Merit2;
            facts.Commendations.Add(new Commendation(baseId + 1, officerId, "COM-" + idText + "-1", level, month.At(random.Next(month.Days), 600)));
        }

        if (random.NextDouble() < 0.30)
        {
            var score = Math.Round(50 + (50 * random.NextDouble()), 1);
            var name = random.Next(2) == 0 ? "道路交通安全法律法规考试" : "执法规范化测试";
            facts.Trainings.Add(new TrainingResult(baseId + 1, officerId, "TRN-" + idText + "-1", name, month.At(random.Next(month.Days), 900), score, score >= 60));
        }

        if (facts.Officer.Post == PostType.Window)
        {
            var satisfaction = Math.Round(0.85 + (0.15 * random.NextDouble()), 3);
            facts.Indicators.Add(ImportedIndicator.ForOfficer(
                baseId + 1, "IND-" + idText + "-1", officerId, month.Period, "window_satisfaction", satisfaction, month.EndInstant));
        }
    }

    private static string Suffix(string prefix, int n) =>
        string.Concat(prefix, n < SmallNumbers.Length ? SmallNumbers[n] : n.ToString(CultureInfo.InvariantCulture));

    /// <summary>Fact ids unique across officers, months and runs of the generator: (month, officer, n).</summary>
    private static long FactIdBase(int monthIndex, long officerId) => ((monthIndex * (long)DemoOptions.MaxOfficers) + officerId) * MaxFactsPerKind;

    private static int OfficerSeed(int seed, long officerId, int monthIndex)
    {
        unchecked
        {
            var h = ((uint)seed * 0x9E3779B1u) ^ ((uint)officerId * 0x85EBCA6Bu) ^ ((uint)monthIndex * 0xC2B2AE35u);
            h ^= h >> 16;
            h *= 0x7FEB352Du;
            h ^= h >> 15;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    private static string[] BuildSmallNumbers()
    {
        var numbers = new string[MaxFactsPerKind];
        for (var i = 0; i < numbers.Length; i++)
            numbers[i] = i.ToString(CultureInfo.InvariantCulture);
        return numbers;
    }

    /// <summary>The month's calendar, computed once per stream instead of once per fact.</summary>
    private sealed class MonthFrame
    {
        private readonly MonthFrame[] _lookback;

        public MonthFrame(AssessmentPeriod period, WorkingCalendar? calendar)
        {
            Period = period;
            Offset = period.StartInstant.Offset;
            StartTicks = period.Start.Ticks;
            Days = period.LastDay.DayNumber - period.FirstDay.DayNumber + 1;
            WorkingDays = calendar is null ? [] : [.. calendar.WorkingDays(period)];
            EndInstant = period.EndInstant;
            MonthIndex = (period.Year * 12) + period.Number - 1;
            Tag = period.Year.ToString("D4", CultureInfo.InvariantCulture) + period.Number.ToString("D2", CultureInfo.InvariantCulture);
            _lookback = calendar is null ? [] : [this, new MonthFrame(period.Previous, null), new MonthFrame(period.Previous.Previous, null)];
        }

        /// <summary>Months since year 0: unique per month, for seeds and ids.</summary>
        public int MonthIndex { get; }

        /// <summary>"202610", the month in external ids.</summary>
        public string Tag { get; }

        public MonthFrame Lookback(int monthsBack) => _lookback[monthsBack];

        public AssessmentPeriod Period { get; }

        public TimeSpan Offset { get; }

        public long StartTicks { get; }

        public int Days { get; }

        public DateOnly[] WorkingDays { get; }

        public DateTimeOffset EndInstant { get; }

        public DateTimeOffset At(int dayIndex, int minuteOfDay) =>
            new(StartTicks + (dayIndex * TimeSpan.TicksPerDay) + (minuteOfDay * TimeSpan.TicksPerMinute), Offset);

        public DateTimeOffset At(DateOnly day, int minuteOfDay) =>
            new(day.ToDateTime(TimeOnly.MinValue).Ticks + (minuteOfDay * TimeSpan.TicksPerMinute), Offset);
    }
}
