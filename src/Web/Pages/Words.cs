using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages;

/// <summary>
/// Codes as words: rule categories, the outcome tags rule files write, audit actions and the kinds of object they
/// concern. A code without a text yet shows as itself, so nothing disappears; the every-page test lists those that may.
/// </summary>
public static class Words
{
    /// <summary>The actions the audit log records, for its filter: every audited command and the entries written directly.</summary>
    public static IReadOnlyList<string> AuditActions { get; } =
    [
        "SignIn", "SignInFailed", "SignOut", "ChangeOwnPassword", "CreateUser", "CreateInitialAdmin", "ResetPassword", "UnlockUser", "DisableUser", "EnableUser",
        "CreateApiToken", "RevokeApiToken", "RotateApiToken", "SaveRuleSetVersion", "DryRunRuleSetVersion", "ActivateRuleSetVersion", "EvaluatePeriod", "TriggerEvaluation",
        "PauseScheduler", "ResumeScheduler", "PublishAssessment", "FinalizeAssessment", "ReopenAssessment", "ApproveOutcome", "RejectOutcome", "ScheduleInterview", "RecordInterview",
        "FileAppeal", "UpholdAppeal", "RejectAppeal", "IngestBatch", "PullConnector", "CheckEvent",
        "AcknowledgeCrossCheck", "AcknowledgeQuotaRisk",
    ];

    public static IReadOnlyList<string> AuditObjects { get; } =
        ["UserAccount", "ApiToken", "RuleSetVersion", "DryRun", "EvaluationRun", "PeriodAssessment", "Outcome", "Appeal", "Officer", "IngestionBatch", "Connector", "Scheduler", "ScheduledJob"];

    public static string Category(IStringLocalizer t, string? code) =>
        string.IsNullOrEmpty(code) ? "—" : Text(t, "Profile.Category." + code, code);

    /// <summary>"Warning" → 预警, "Interview:Committee" → 约谈（大队支委会）, "Commendation:ExcellentOfficer" → 优秀民警.</summary>
    public static string OutcomeTag(IStringLocalizer t, string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return "";
        var colon = tag.IndexOf(':', StringComparison.Ordinal);
        var (head, tail) = colon < 0 ? (tag.Trim(), "") : (tag[..colon].Trim(), tag[(colon + 1)..].Trim());
        return head switch
        {
            "Interview" => OutcomeNames.Kind(t, "Interview", tail.Length == 0 ? null : tail),
            "Commendation" when tail.Length > 0 => OutcomeNames.Kind(t, tail, null),
            _ => OutcomeNames.Kind(t, head, null),
        };
    }

    public static string AuditAction(IStringLocalizer t, string? action) =>
        string.IsNullOrEmpty(action) ? "" : Text(t, "Audit.Action." + action, action);

    public static string AuditObject(IStringLocalizer t, string? entityType) =>
        string.IsNullOrEmpty(entityType) ? "" : Text(t, "Audit.Entity." + entityType, entityType);

    private static string Text(IStringLocalizer t, string key, string fallback)
    {
        ArgumentNullException.ThrowIfNull(t);
        var text = t[key];
        return text.ResourceNotFound ? fallback : text.Value;
    }
}
