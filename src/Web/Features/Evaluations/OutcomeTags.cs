using AssessmentEngine.Domain.Assessment;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// The Outcome tags rule files write (`Warning`, `Interview:Squad|Department|Committee`,
/// `Commendation:ExcellentOfficer|AdvancedSquad`) as proposed outcomes. One outcome per kind per subject; of several
/// interview levels only the highest is proposed, since a higher interview includes the lower.
/// </summary>
internal static class OutcomeTags
{
    public static IReadOnlyList<(OutcomeKind Kind, InterviewLevel? Level)> Parse(IEnumerable<string> tags, SubjectKind subject)
    {
        var kinds = new SortedSet<OutcomeKind>();
        InterviewLevel? level = null;
        foreach (var tag in tags)
        {
            var (head, tail) = tag.IndexOf(':', StringComparison.Ordinal) is var i and >= 0 ? (tag[..i].Trim(), tag[(i + 1)..].Trim()) : (tag.Trim(), "");
            switch (head.ToUpperInvariant())
            {
                case "WARNING":
                    kinds.Add(OutcomeKind.Warning);
                    break;
                case "INTERVIEW" when Enum.TryParse<InterviewLevel>(tail, ignoreCase: true, out var parsed):
                    kinds.Add(OutcomeKind.Interview);
                    level = level is null || parsed > level ? parsed : level;
                    break;
                case "COMMENDATION" when tail.Equals("ExcellentOfficer", StringComparison.OrdinalIgnoreCase) && subject == SubjectKind.Officer:
                    kinds.Add(OutcomeKind.ExcellentOfficer);
                    break;
                case "COMMENDATION" when tail.Equals("ExcellentAuxiliary", StringComparison.OrdinalIgnoreCase) && subject == SubjectKind.Officer:
                    kinds.Add(OutcomeKind.ExcellentAuxiliary);
                    break;
                case "COMMENDATION" when tail.Equals("AdvancedSquad", StringComparison.OrdinalIgnoreCase) && subject == SubjectKind.Squad:
                    kinds.Add(OutcomeKind.AdvancedSquad);
                    break;
            }
        }
        // An interview supersedes a plain warning for the same subject and month.
        if (kinds.Contains(OutcomeKind.Interview))
            kinds.Remove(OutcomeKind.Warning);
        return kinds.Select(k => (k, k == OutcomeKind.Interview ? level : null)).ToList();
    }

    public static bool Matches(string tag, OutcomeKind kind) => kind switch
    {
        OutcomeKind.Warning => tag.StartsWith("Warning", StringComparison.OrdinalIgnoreCase),
        OutcomeKind.Interview => tag.StartsWith("Interview", StringComparison.OrdinalIgnoreCase),
        OutcomeKind.ExcellentOfficer => tag.EndsWith("ExcellentOfficer", StringComparison.OrdinalIgnoreCase),
        OutcomeKind.ExcellentAuxiliary => tag.EndsWith("ExcellentAuxiliary", StringComparison.OrdinalIgnoreCase),
        OutcomeKind.AdvancedSquad => tag.EndsWith("AdvancedSquad", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}

/// <summary>
/// An outcome tag with the title of the rule that raised it: a reason names only what caused the outcome. Staged as
/// JSON by <see cref="ScoreLines.Outcomes"/>, one per fired rule whose outcome the card raised.
/// </summary>
public sealed record OutcomeCause(string Tag, string Title);
