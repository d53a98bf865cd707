using AssessmentEngine.Domain.Evaluation;
using AssessmentEngine.Rules;

namespace AssessmentEngine.Web.Tests.Schemes;

/// <summary>October 2026 as the schemes see it, and builders for the records a constructed officer holds.</summary>
internal static class October2026
{
    public static readonly PeriodView Period = new()
    {
        Start = new DateTime(2026, 10, 1),
        End = new DateTime(2026, 11, 1),
        Year = 2026,
        Month = 10,
        Quarter = 4,
        Key = "2026-10",
        WorkingDays = 22,
    };

    public static readonly EvaluationContext Context = new(new DateTimeOffset(2026, 10, 31, 23, 59, 59, TimeSpan.FromHours(8)));

    public static DateTime Day(int day) => new(2026, 10, day, 9, 0, 0);

    /// <summary>22 working days, present unless <paramref name="status"/> says otherwise for a day.</summary>
    public static List<AttendanceView> Attendance(Func<int, (string Status, int MinutesLate)?>? status = null) =>
        Enumerable.Range(1, 22).Select(n => status?.Invoke(n) is { } s
            ? new AttendanceView { Id = n, Day = Day(n).Date, Status = s.Status, MinutesLate = s.MinutesLate }
            : new AttendanceView { Id = n, Day = Day(n).Date, Status = "present" }).ToList();

    public static List<ShiftView> SignedInShifts(int count = 22) =>
        Enumerable.Range(1, count).Select(n => new ShiftView { Id = 100 + n, Post = "road", Start = Day(n), Hours = 8, SignedIn = true }).ToList();

    /// <summary><paramref name="count"/> parking enforcements with footage uploaded within 3 hours and no penalty.</summary>
    public static IEnumerable<EnforcementView> RecordedEnforcements(int count, long firstId) =>
        Enumerable.Range(0, count).Select(n => new EnforcementView { Id = firstId + n, Code = "parking", At = Day(1 + (n % 28)), HasFootage = true, UploadDelayHours = 3 });
}
