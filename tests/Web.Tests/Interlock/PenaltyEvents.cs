using System.Globalization;

namespace AssessmentEngine.Web.Tests.Interlock;

/// <summary>Pending penalty decisions as a ticketing terminal posts them to the penalty interlock.</summary>
internal static class PenaltyEvents
{
    /// <summary>A routine on-site penalty by officer 2 (A2, squad A) with two minutes of uploaded footage: allowed.</summary>
    public static Dictionary<string, object?> Routine(long officerId = 2) => new()
    {
        ["officerId"] = officerId,
        ["badgeNumber"] = "A" + officerId.ToString(CultureInfo.InvariantCulture),
        ["actionCode"] = "PEN-2026-000123",
        ["violationKind"] = "Speeding",
        ["occurredAt"] = "2026-11-22T09:30:00+08:00",
        ["onSite"] = true,
        ["fineAmount"] = 200,
        ["points"] = 3,
        ["hasFootage"] = true,
        ["footageSeconds"] = 120,
        ["footageUploaded"] = true,
        ["exemptionReason"] = null,
        ["secondOfficerId"] = null,
        ["location"] = "人民路与解放路交叉口",
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> e, string field, object? value)
    {
        e[field] = value;
        return e;
    }

    public static Dictionary<string, object?> Without(this Dictionary<string, object?> e, string field)
    {
        e.Remove(field);
        return e;
    }
}
