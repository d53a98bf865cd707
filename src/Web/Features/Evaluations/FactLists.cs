using System.Text.RegularExpressions;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>The lists of facts an officer's rules read (<c>officer.Attendance</c> …), by the name rules use for them.</summary>
public static partial class FactLists
{
    public const string Enforcements = "Enforcements";
    public const string Cases = "Cases";
    public const string Attendance = "Attendance";
    public const string Shifts = "Shifts";
    public const string Incidents = "Incidents";
    public const string Complaints = "Complaints";
    public const string Commendations = "Commendations";
    public const string Trainings = "Trainings";

    /// <summary>The lists the rule files mention, in a fixed order; a name in a string or a comment counts too, which errs towards warning.</summary>
    public static IReadOnlyList<string> ReadBy(IEnumerable<string> ruleFiles)
    {
        ArgumentNullException.ThrowIfNull(ruleFiles);
        var mentioned = ruleFiles.SelectMany(f => Member().Matches(f).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        return [.. new[] { Enforcements, Cases, Attendance, Shifts, Incidents, Complaints, Commendations, Trainings }.Where(mentioned.Contains)];
    }

    [GeneratedRegex(@"\.(Enforcements|Cases|Attendance|Shifts|Incidents|Complaints|Commendations|Trainings)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Member();
}
