using System.Text.Json;

namespace AssessmentEngine.Client;

// The wire format of the API, as the client reads and writes it (JSON, camelCase, enums as names).
#pragma warning disable CA1002, CA2227 // Plain transfer objects: lists are what the JSON holds.

public sealed record SignInRequest(string UserName, string Password);

public sealed record Actor(string Name, string Kind, string? Role, long? UnitId, long? OfficerId, bool MustChangePassword = false);

public sealed record OfficerRow(
    long OfficerId, string BadgeNumber, string Name, string Kind, string Post, long SquadId, string Squad, long BrigadeId, string Brigade,
    double Score, string Grade, int Rank, int PeerGroupSize, double Percentile, bool Vetoed);

public sealed record OfficerRankingPage(Guid RunId, string Period, int Total, List<OfficerRow> Officers);

public sealed record SquadRow(long SquadId, string Squad, long BrigadeId, string Brigade, double Score, double AverageOfficerScore, string Grade, int Rank, int Squads, bool Vetoed);

public sealed record SquadRanking(Guid RunId, string Period, List<SquadRow> Squads);

public sealed record EvidenceRecord(long Id, string Kind, DateTimeOffset? At, Dictionary<string, JsonElement> Fields);

public sealed record ExplainedLine(string RuleName, string Title, string Category, double Points, JsonElement Parameters, List<EvidenceRecord> Evidence);

public sealed record CategorySubtotal(string Category, double Points);

public sealed record AppealSummary(Guid Id, string RuleName, string Statement, string Status, DateTimeOffset FiledAt, string? DecisionReason, double? AdjustedPoints);

public sealed record OfficerResult(
    Guid RunId, string Period, string Publication, DateTimeOffset? AppealWindowEndsAt, OfficerRow Officer,
    List<CategorySubtotal> Subtotals, List<ExplainedLine> Lines, List<AppealSummary> Appeals);

public sealed record TrendPoint(string Period, double Score, string Grade, int Rank, int PeerGroupSize, bool Vetoed);

public sealed record Outcome(
    Guid Id, Guid RunId, string Period, string Kind, string SubjectKind, long SubjectId, string Subject, long UnitId, string? Level, string Reason, string Status,
    DateTimeOffset ProposedAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? RejectionReason, string? Interviewer, DateTimeOffset? ScheduledFor, DateTimeOffset? HeldAt, string? Notes,
    string? UnitName = null);

/// <summary>The outcomes to approve together.</summary>
public sealed record Approvals(IReadOnlyList<Guid> OutcomeIds);

public sealed record ReasonGiven(string Reason);

public sealed record InterviewPlan(string Interviewer, DateTimeOffset At, string Level);

public sealed record InterviewRecord(DateTimeOffset HeldAt, string Notes);

public sealed record RunPublication(Guid RunId, string Period, string Publication, DateTimeOffset? PublishedAt, DateTimeOffset? AppealWindowEndsAt, DateTimeOffset? FinalizedAt);

public sealed record Appeal(
    Guid Id, Guid RunId, string Period, long OfficerId, string RuleName, string Statement, string Status, DateTimeOffset FiledAt,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason, double? AdjustedPoints);

public sealed record NewAppeal(Guid RunId, long OfficerId, string RuleName, string Statement);

public sealed record AppealDecision(double Points, string Reason);

public sealed record RuleFile(string? Content = null, string? Note = null, int? FromVersion = null, string? FileName = null);

public sealed record RuleFileCheck(string? Scheme, string? Population, string Period, int ErrorCount, int WarningCount, List<JsonElement> Diagnostics);

public sealed record PeriodRequest(string Period);

public sealed record Activation(string EffectiveFrom);

public sealed record Run(
    Guid Id, string Period, string Status, string ClaimKey, Guid? SupersedesRunId, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    double? Seconds, int Attempts, string? Node, string? Error, int Parts, int PartsDone, int? Officers, int? Auxiliaries, int? Squads, int? Outcomes,
    Dictionary<string, double>? StageSeconds);

public sealed record RunPart(
    long BrigadeId, string BrigadeCode, string Status, int Attempts, string? Node, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error,
    int Officers, long FactRows, double LoadSeconds, double ScoreSeconds, double StoreSeconds);

public sealed record RunDisagreement(string Subject, string Rule, string Compiled, string RulesEngine);

/// <summary>The other engine's check of a run: subjects checked, every disagreement, and the Admin's acknowledgement if any.</summary>
public sealed record RunCrossCheck(
    string Engine, string CheckedBy, int SubjectsChecked, List<RunDisagreement> Disagreements, bool Flagged, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? Reason);

public sealed record RunDetail(Run Run, List<RunPart> Parts, RunCrossCheck? CrossCheck = null);

/// <summary>Where a period assessment stands: current and published runs, publication (Draft, Published, Final), appeal window and review counts.</summary>
public sealed record Assessment(
    Guid Id, string Period, long ScopeUnitId, Guid? CurrentRunId, Guid? PublishedRunId, string Publication, int PublicationNumber,
    DateTimeOffset? PublishedAt, DateTimeOffset? AppealWindowEndsAt, DateTimeOffset? FinalizedAt, bool HasUnpublishedChanges, int PendingProposals,
    DateTimeOffset? ReopenedAt, string? ReopenedBy, string? ReopenReason);

/// <summary>A subject whose score, grade, rank or outcomes differ between the published run and the current one.</summary>
public sealed record SubjectChange(
    string SubjectKind, long SubjectId, string Label, string? Name, double? ScoreBefore, double? ScoreAfter, double ScoreDelta,
    string? GradeBefore, string? GradeAfter, int? RankBefore, int? RankAfter, List<string> OutcomesBefore, List<string> OutcomesAfter);

public sealed record ChangeList(string Period, Guid? PublishedRunId, Guid? CurrentRunId, int PublicationNumber, bool HasUnpublishedChanges, List<SubjectChange> Changes);

public sealed record ScheduledJob(string Job, string Group, string? Description, string Trigger, string? Cron, string State, DateTimeOffset? NextFireTime, DateTimeOffset? PreviousFireTime, int RetryAttempt);

public sealed record ClusterNode(string InstanceId, DateTimeOffset LastCheckin, double CheckinIntervalSeconds, bool ThisNode);

public sealed record Scheduler(string Name, string InstanceId, string Store, bool Started, bool Standby, bool Paused, string TimeZone, List<ScheduledJob> Jobs, List<ClusterNode> Nodes);

public sealed record TriggeredEvaluation(string Job, string? Period);

public sealed record CheckRuleResult(string Rule, string? Title, bool Success, string? Message);

public sealed record CheckAnswer(string Workflow, int Version, string VersionHash, bool Allowed, List<CheckRuleResult> Results, string? RequestId);
public sealed record GradeCount(string Grade, int Officers, double AverageScore);

public sealed record DashboardOfficer(long OfficerId, string BadgeNumber, string Name, string Squad, double Score, string Grade, int Rank, int PeerGroupSize, bool Vetoed);

public sealed record OutcomeCount(string Kind, string Status, int Count);

public sealed record TrendMonth(string Period, int Officers, double AverageScore, List<GradeCount> Grades);

public sealed record Dashboard(
    string Period, Guid RunId, string Publication, long? UnitId, string Unit, int Officers, double AverageScore, int Vetoed,
    List<GradeCount> Grades, List<SquadRow> Squads, List<DashboardOfficer> Top, List<DashboardOfficer> Bottom,
    List<OutcomeCount> Outcomes, List<Outcome> ProposedOutcomes, List<TrendMonth> Trend, List<string> Periods,
    int SquadCount = 0, int SquadPage = 1, int ProposedCount = 0);

public sealed record User(
    long Id, string UserName, string DisplayName, string Role, long? UnitId, long? OfficerId, DateTime? LockedUntil,
    bool MustChangePassword = false, DateTime? DisabledAt = null, DateTime? LastSignInAt = null);

public sealed record PasswordChange(string CurrentPassword, string NewPassword);

/// <summary>A unit of the tree within the caller's scope, named with its parents ("一大队·一中队").</summary>
public sealed record Unit(long Id, string Code, string Name, string Kind, long? ParentId, string FullName, int Depth);

public sealed record NewUser(string UserName, string DisplayName, string Role, long? UnitId, long? OfficerId, string Password);

public sealed record NewPassword(string Password);

public sealed record ApiToken(long Id, string Name, string Prefix, string Role, long? UnitId, DateTime CreatedAt, string CreatedBy, DateTime? LastUsedAt, DateTime? RevokedAt, string? RevokedBy);

public sealed record NewToken(string Name, string Role, long? UnitId);

public sealed record IssuedToken(ApiToken Token, string Secret);

public sealed record AuditEntry(long Id, DateTime At, string Actor, string ActorKind, string Action, string? EntityType, string? EntityId,
    JsonElement? Before, JsonElement? After, string? RequestId, string? IpAddress, long? UnitId);

public sealed record AuditPage(List<AuditEntry> Items, int Page, int PageSize, int Total);

public sealed record FactField(string Name, string Type, bool Required, string Description, int MaxLength);

public sealed record FactKind(string Name, string Description, List<FactField> Fields);

public sealed record IngestionBatch(
    Guid Id, string Kind, string? Source, string ActorKind, string ActorName, long? UnitId, string ContentType, DateTimeOffset ReceivedAt, DateTimeOffset FinishedAt,
    long Rows, long Accepted, long Duplicates, long Errors, string Status, string? ErrorSummary);

public sealed record RowError(long Row, string? Field, string? Value, string Message);

public sealed record IngestionReport(Guid BatchId, string Kind, string Status, string RowNumbering, long Rows, long Accepted, long Duplicates, long ErrorCount, List<RowError> Errors, bool ErrorsTruncated);

public sealed record ConnectorKindState(string Kind, string? Watermark, long Pages, DateTimeOffset? UpdatedAt);

public sealed record ConnectorRun(
    Guid Id, string Connector, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Node, string Status,
    int Pages, long Rows, long Accepted, long Duplicates, int Attempts, int Retries, string? Error);

public sealed record Connector(string Name, Uri? BaseUrl, List<string> Kinds, string Schedule, int PageSize, long? UnitId, List<ConnectorKindState> States, ConnectorRun? LastRun);

public sealed record PulledConnector(string Connector, string Runs);

/// <summary>A dry run started by <see cref="IAssessmentEngineApi.DryRunAsync"/>: Queued, Running, Completed or Failed, with its progress.</summary>
public sealed record DryRun(
    Guid Id,
    string Scheme,
    int Number,
    string Period,
    string Status,
    string Stage,
    int BrigadesDone,
    int BrigadesTotal,
    int SubjectsDone,
    int SubjectsTotal,
    string StartedBy,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    JsonElement? Report)
{
    public bool IsFinished => Status is "Completed" or "Failed";
}
