using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Compatibility;

/// <summary>
/// Expressions as RulesEngine (System.Linq.Dynamic.Core) users write them, evaluated against <see cref="SampleOfficer"/>
/// and June 2024, at the reference time 2024-07-01 02:00 +08:00.
/// </summary>
public class ExpressionCompatibilityTests
{
    public static TheoryData<string, object?> Cases => new()
    {
        // literals
        { "42", 42 },
        { "5L", 5L },
        { "1.5", 1.5 },
        { "1.5m", 1.5m },
        { "1.5f", 1.5f },
        { "1e3", 1000.0 },
        { "\"a\\tb\\\"c\"", "a\tb\"c" },
        { "'a'", 'a' },
        { "0x1F", 31 },
        { "true", true },
        { "null == officer.Nickname", true },
        // arithmetic and promotion
        { "7 / 2", 3 },
        { "7 % 3", 1 },
        { "7 mod 3", 1 },
        { "7 / 2.0", 3.5 },
        { "2 + 3 * 4", 14 },
        { "(2 + 3) * 4", 20 },
        { "-officer.Scores[0]", -90 },
        { "officer.Allowance * 2", 3001.00m },
        { "officer.Allowance + 0.5", 1501.00m },
        { "officer.Badge + 1", 123456789013L },
        { "officer.DutyHours + 1", 166.5 },
        { "\"id:\" + officer.Id", "id:O1" },
        { "\"n\" + 5", "n5" },
        { "officer.Rank + 1", 4 },
        // comparison operators and aliases
        { "officer.DutyHours > 165", true },
        { "officer.Allowance >= 1500", true },
        { "officer.Allowance > 1500.4", true },
        { "officer.Kind = \"民警\"", true },
        { "officer.Kind <> \"辅警\"", true },
        { "officer.Scores[1] eq 85", true },
        { "officer.Scores[1] ne 85", false },
        { "officer.Scores[1] neq 84", true },
        { "3 lt 4 and 4 gt 3", true },
        { "3 le 3 AND 4 ge 5", false },
        { "officer.Badge > 5", true },
        { "officer.Rank == 3", true },
        { "officer.Rank > 2", true },
        { "officer.Rank != null", true },
        { "officer.Nickname == null", true },
        { "\"abc\" < \"abd\"", true },
        { "officer.Scores[0] = 90", true },
        // logic
        { "true && !false", true },
        { "true and not false", true },
        { "false or true", true },
        { "false || false", false },
        { "NOT true", false },
        { "True AND False", false },
        // conditionals and null handling
        { "officer.IsSquadLeader ? 1 : 2", 1 },
        { "iif(officer.DutyHours > 170, \"long\", \"short\")", "short" },
        { "officer.Nickname ?? \"none\"", "none" },
        { "officer.Rank ?? 0", 3 },
        { "officer.DutyHours > 100 ? 1 : 2.5", 1.0 },
        { "np(officer.Squad.Leader.Id)", null },
        { "np(officer.Squad.Leader.Id, \"nobody\")", "nobody" },
        { "np(officer.Squad.Name)", "一中队" },
        { "np(officer.Squad.Leader.DutyHours, 0)", 0.0 },
        { "officer.PostType in (\"road\", \"window\")", true },
        { "officer.Scores[2] in (1, 2, 3)", false },
        // members and indexers
        { "officer.Scores.Length", 3 },
        { "officer.Enforcements.Count", 4 },
        { "officer.Enforcements[1].Code", "helmet" },
        { "officer.Indicators[\"speed\"]", 1.5 },
        { "officer.Indicators.ContainsKey(\"speed\")", true },
        { "officer.Squad.Name.Length", 3 },
        { "new[] { 1, 2, 3 }.Contains(2)", true },
        { "new[] { 1, 2.5 }.Sum()", 3.5 },
        // numeric conversions
        { "int(officer.DutyHours)", 165 },
        { "long(officer.Scores[0])", 90L },
        { "double(officer.Allowance)", 1500.5 },
        { "decimal(officer.DutyHours)", 165.5m },
        // list methods
        { "officer.Enforcements.Any(e => e.Code == \"drunk\")", true },
        { "officer.Enforcements.Any(Code == \"drunk\")", true },
        { "officer.Enforcements.Any(it.Code == \"drunk\")", true },
        { "officer.Enforcements.All(e => e.Fine >= 0)", true },
        { "officer.Enforcements.Count(e => e.HasFootage)", 3 },
        { "officer.Enforcements.Sum(e => e.Fine)", 350m },
        { "officer.Enforcements.Sum(e => e.UploadDelayHours)", 37.0 },
        { "officer.Enforcements.Average(e => e.UploadDelayHours)", 9.25 },
        { "officer.Enforcements.Max(e => e.UploadDelayHours)", 30.0 },
        { "officer.Enforcements.Min(e => e.Fine)", 0m },
        { "officer.Enforcements.Where(e => e.PenaltyIssued).Count()", 3 },
        { "officer.Enforcements.Select(e => e.Code).First()", "parking" },
        { "officer.Enforcements.First(e => !e.HasFootage).Id", "E2" },
        { "officer.Enforcements.FirstOrDefault(e => e.Code == \"none\") == null", true },
        { "officer.Enforcements.Last().Id", "E4" },
        { "officer.Enforcements.LastOrDefault(e => e.HasFootage).Id", "E4" },
        { "officer.Enforcements.OrderBy(e => e.Fine).First().Id", "E3" },
        { "officer.Enforcements.OrderByDescending(e => e.Fine).First().Id", "E4" },
        { "officer.Enforcements.Skip(1).Take(2).Count()", 2 },
        { "officer.Enforcements.Select(e => e.HasFootage).Distinct().Count()", 2 },
        { "officer.Scores.Max()", 90 },
        { "officer.Scores.Where(s => s > 80).Sum()", 175 },
        { "officer.Cases.Count(c => c.ClosedAt == null)", 1 },
        { "officer.Cases.Any(c => c.ClosedAt.HasValue && c.ClosedAt.Value.Day == 10)", true },
        { "officer.Enforcements.Select(e => e.Code).Contains(\"helmet\")", true },
        { "officer.Attendance.Where(a => a.Status == \"present\").Select(a => a.Day).Max().Day", 6 },
        { "officer.Cases.Any(c => officer.Enforcements.Any(e => e.At > c.AcceptedAt))", true },
        { "officer.Complaints.Any()", false },
        { "officer.Incidents.Any()", true },
        // strings
        { "officer.PostType.Length", 4 },
        { "officer.PostType.Contains(\"oa\")", true },
        { "officer.PostType.StartsWith(\"ro\")", true },
        { "officer.PostType.EndsWith(\"ad\")", true },
        { "officer.PostType.ToUpper()", "ROAD" },
        { "\" x \".Trim()", "x" },
        { "officer.PostType.Substring(1, 2)", "oa" },
        { "officer.PostType.IndexOf(\"a\")", 2 },
        { "officer.PostType.Replace(\"r\", \"l\")", "load" },
        { "string.IsNullOrEmpty(officer.Nickname)", true },
        { "string.IsNullOrWhiteSpace(\" \")", true },
        { "String.Concat(\"a\", \"b\")", "ab" },
        { "\"ABC\".ToLower()", "abc" },
        // Math, Convert, Parse
        { "Math.Abs(-3)", 3 },
        { "Math.Max(2, 3.5)", 3.5 },
        { "Math.Min(officer.Scores[0], officer.Scores[1])", 85 },
        { "Math.Round(2.567, 2)", 2.57 },
        { "Math.Floor(2.7)", 2.0 },
        { "Math.Ceiling(2.1)", 3.0 },
        { "Math.Pow(2, 10)", 1024.0 },
        { "Math.Sqrt(16)", 4.0 },
        { "Math.Round(officer.Allowance)", 1500m },
        { "Convert.ToInt32(\"42\")", 42 },
        { "Convert.ToDouble(\"1.5\")", 1.5 },
        { "Convert.ToDecimal(officer.DutyHours)", 165.5m },
        { "Convert.ToString(5)", "5" },
        { "Convert.ToInt64(officer.Scores[0])", 90L },
        { "int.Parse(\"7\") + long.Parse(\"8\")", 15L },
        { "double.Parse(\"2.5\")", 2.5 },
        { "decimal.Parse(\"2.5\")", 2.5m },
        // dates and times
        { "officer.JoinedAt.Year", 2020 },
        { "officer.JoinedAt.Month", 3 },
        { "officer.JoinedAt.Day", 15 },
        { "officer.JoinedAt.Hour", 8 },
        { "officer.JoinedAt.Minute", 30 },
        { "officer.JoinedAt.Date == DateTime(2020, 3, 15)", true },
        { "officer.JoinedAt.DayOfWeek", DayOfWeek.Sunday },
        { "officer.JoinedAt.DayOfYear", 75 },
        { "officer.JoinedAt.AddDays(1).Day", 16 },
        { "officer.JoinedAt.AddHours(16).Day", 16 },
        { "officer.JoinedAt.AddMinutes(30).Hour", 9 },
        { "officer.JoinedAt.AddMonths(1).Month", 4 },
        { "period.End - period.Start", TimeSpan.FromDays(30) },
        { "(period.End - period.Start).TotalDays", 30.0 },
        { "(period.End - period.Start).Days", 30 },
        { "period.Start < period.End", true },
        { "DateTime.Parse(\"2024-06-15\") > period.Start", true },
        { "DateTime(2024, 6, 1, 8, 0, 0).Hour", 8 },
        { "new DateTime(2024, 6, 1).Day", 1 },
        { "DateTime.Now", new DateTime(2024, 7, 1, 2, 0, 0) },
        { "DateTime.UtcNow", new DateTime(2024, 6, 30, 18, 0, 0) },
        { "DateTime.Today", new DateTime(2024, 7, 1) },
        { "DateTimeOffset.Now.Offset.TotalHours", 8.0 },
        { "officer.Cases[0].ClosedAt < officer.Cases[0].DeadlineAt", true },
        { "officer.Cases[1].ClosedAt > period.Start", false },
        { "officer.Cases[0].ClosedAt.Value.Day", 10 },
        { "TimeSpan.FromHours(36).TotalDays", 1.5 },
        { "TimeSpan.FromDays(2).TotalHours", 48.0 },
        { "TimeSpan.FromMinutes(90).Hours", 1 },
        { "(DateTime.Now - officer.JoinedAt).Days > 1000", true },
        // nullables and enums
        { "officer.Rank.HasValue", true },
        { "officer.Rank.Value * 2", 6 },
        { "officer.Cases[1].ClosedAt.HasValue", false },
        { "officer.Post == \"Road\"", true },
        { "officer.Post == 0", true },
        { "officer.RestDay == \"Sunday\"", true },
        { "officer.Post != \"window\"", true },
        { "officer.Post == PostKind.Road", true },
        { "officer.Post.ToString()", "Road" },
        // case-insensitive names
        { "Officer.dutyhours > 100", true },
        { "OFFICER.enforcements.count(E => e.hasfootage)", 3 },
        { "math.abs(-2)", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_expression_gives_the_value_RulesEngine_users_expect(string expression, object? expected)
    {
        var value = ExpressionEvaluator.Evaluate(expression);

        if (expected is null)
        {
            value.Should().BeNull();
            return;
        }
        value.Should().BeOfType(expected.GetType(), expression);
        value.Should().Be(expected, expression);
    }
}
