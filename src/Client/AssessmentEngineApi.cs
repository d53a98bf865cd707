using System.Text.Json;
using Refit;

namespace AssessmentEngine.Client;

/// <summary>
/// The whole AssessmentEngine HTTP API (a test compares these routes with the ones the app maps). Create one with
/// <see cref="AssessmentEngineClient.Create(HttpClient)"/> over an HttpClient that keeps cookies (people sign in with
/// <see cref="SignInAsync"/>) or sends a bearer token (machine clients), or register it with
/// <see cref="AssessmentEngineClient.AddAssessmentEngineClient"/>. Failures throw Refit's <see cref="ApiException"/>
/// carrying the status code and the ProblemDetails body (<c>GetContentAsAsync&lt;ProblemDetails&gt;()</c>).
/// </summary>
[Headers("Accept: application/json")]
public interface IAssessmentEngineApi
{
    [Post("/api/auth/login")]
    Task<Actor> SignInAsync([Body] SignInRequest credentials, CancellationToken cancellationToken = default);

    [Post("/api/auth/logout")]
    Task SignOutAsync(CancellationToken cancellationToken = default);

    [Get("/api/auth/me")]
    Task<Actor> MeAsync(CancellationToken cancellationToken = default);

    /// <summary>Changes the signed-in person's own password (204); the session goes on under a renewed cookie.</summary>
    [Post("/api/auth/password")]
    Task ChangePasswordAsync([Body] PasswordChange change, CancellationToken cancellationToken = default);

    /// <summary>The unit tree within the caller's scope, each unit named with its parents.</summary>
    [Get("/api/units")]
    Task<List<Unit>> UnitsAsync(CancellationToken cancellationToken = default);

    [Get("/api/periods/{period}/officers")]
    Task<OfficerRankingPage> OfficersAsync(string period, long? brigadeId = null, long? squadId = null, string? post = null, string? grade = null, int? page = null, int? pageSize = null, CancellationToken cancellationToken = default);

    [Get("/api/periods/{period}/squads")]
    Task<SquadRanking> SquadsAsync(string period, long? brigadeId = null, CancellationToken cancellationToken = default);

    /// <summary>The period's results as a file: format "xlsx" or "csv", Chinese headers.</summary>
    [Get("/api/periods/{period}/export")]
    Task<HttpResponseMessage> ExportAsync(string period, string format = "xlsx", long? brigadeId = null, CancellationToken cancellationToken = default);

    [Get("/api/officers/{officerId}/results/{period}")]
    Task<OfficerResult> OfficerResultAsync(long officerId, string period, CancellationToken cancellationToken = default);

    [Get("/api/officers/{officerId}/trend")]
    Task<List<TrendPoint>> TrendAsync(long officerId, string to, CancellationToken cancellationToken = default);

    [Get("/api/outcomes")]
    Task<List<Outcome>> OutcomesAsync(string? period = null, string? status = null, string? kind = null, string? level = null, long? unitId = null, CancellationToken cancellationToken = default);

    /// <summary>Approves all the outcomes or none (at most 200 at once); a refusal names the first outcome that cannot be approved and why.</summary>
    [Post("/api/outcomes/approve")]
    Task<List<Outcome>> ApproveOutcomesAsync([Body] Approvals approvals, CancellationToken cancellationToken = default);

    [Post("/api/outcomes/{id}/approve")]
    Task<Outcome> ApproveOutcomeAsync(Guid id, CancellationToken cancellationToken = default);

    [Post("/api/outcomes/{id}/reject")]
    Task<Outcome> RejectOutcomeAsync(Guid id, [Body] ReasonGiven reason, CancellationToken cancellationToken = default);

    [Post("/api/outcomes/{id}/schedule")]
    Task<Outcome> ScheduleInterviewAsync(Guid id, [Body] InterviewPlan plan, CancellationToken cancellationToken = default);

    [Post("/api/outcomes/{id}/hold")]
    Task<Outcome> RecordInterviewAsync(Guid id, [Body] InterviewRecord record, CancellationToken cancellationToken = default);

    [Post("/api/runs/{runId}/publish")]
    Task<RunPublication> PublishRunAsync(Guid runId, int? appealWorkingDays = null, bool? confirmPending = null, CancellationToken cancellationToken = default);

    [Post("/api/runs/{runId}/finalize")]
    Task<RunPublication> FinalizeRunAsync(Guid runId, CancellationToken cancellationToken = default);

    [Get("/api/assessments")]
    Task<List<Assessment>> AssessmentsAsync(CancellationToken cancellationToken = default);

    [Get("/api/assessments/{period}")]
    Task<Assessment> AssessmentAsync(string period, CancellationToken cancellationToken = default);

    /// <summary>What republishing would post: the current run's changes against the published one.</summary>
    [Get("/api/assessments/{period}/changes")]
    Task<ChangeList> ChangesAsync(string period, CancellationToken cancellationToken = default);

    /// <summary>Publishes the period's current run (公示); with proposals still pending, <paramref name="confirmPending"/> must be true.</summary>
    [Post("/api/assessments/{period}/publish")]
    Task<Assessment> PublishAssessmentAsync(string period, int? appealWorkingDays = null, bool? confirmPending = null, CancellationToken cancellationToken = default);

    [Post("/api/assessments/{period}/finalize")]
    Task<Assessment> FinalizeAssessmentAsync(string period, CancellationToken cancellationToken = default);

    /// <summary>Reopens a final period (Admin, with a reason, audited).</summary>
    [Post("/api/assessments/{period}/reopen")]
    Task<Assessment> ReopenAssessmentAsync(string period, [Body] ReasonGiven reason, CancellationToken cancellationToken = default);

    [Get("/api/appeals")]
    Task<List<Appeal>> AppealsAsync(Guid? runId = null, string? status = null, CancellationToken cancellationToken = default);

    [Post("/api/appeals")]
    Task<Appeal> FileAppealAsync([Body] NewAppeal appeal, CancellationToken cancellationToken = default);

    [Post("/api/appeals/{id}/uphold")]
    Task<Appeal> UpholdAppealAsync(Guid id, [Body] AppealDecision decision, CancellationToken cancellationToken = default);

    [Post("/api/appeals/{id}/reject")]
    Task<Appeal> RejectAppealAsync(Guid id, [Body] ReasonGiven reason, CancellationToken cancellationToken = default);

    [Get("/api/rulesets")]
    Task<JsonElement> RuleSetsAsync(CancellationToken cancellationToken = default);

    [Get("/api/rulesets/{scheme}/versions/{number}")]
    Task<JsonElement> RuleSetVersionAsync(string scheme, int number, CancellationToken cancellationToken = default);

    /// <summary>Rule by rule: what version <paramref name="to"/> adds, removes and changes against <paramref name="from"/>.</summary>
    [Get("/api/rulesets/{scheme}/diff")]
    Task<JsonElement> DiffAsync(string scheme, int from, int to, CancellationToken cancellationToken = default);

    [Post("/api/rulesets/validate")]
    Task<RuleFileCheck> ValidateRuleFileAsync([Body] RuleFile file, CancellationToken cancellationToken = default);

    [Post("/api/rulesets/{scheme}/versions")]
    Task<JsonElement> SaveRuleSetVersionAsync(string scheme, [Body] RuleFile file, CancellationToken cancellationToken = default);

    /// <summary>Starts a dry run as a background job (202), or answers with the one of this version and period still running.</summary>
    [Post("/api/rulesets/{scheme}/versions/{number}/dry-run")]
    Task<DryRun> DryRunAsync(string scheme, int number, [Body] PeriodRequest period, CancellationToken cancellationToken = default);

    /// <summary>A dry run's state and progress; its <see cref="DryRun.Report"/> once completed.</summary>
    [Get("/api/rulesets/{scheme}/versions/{number}/dry-runs/{id}")]
    Task<DryRun> DryRunStateAsync(string scheme, int number, Guid id, CancellationToken cancellationToken = default);

    [Post("/api/rulesets/{scheme}/versions/{number}/activate")]
    Task<JsonElement> ActivateAsync(string scheme, int number, [Body] Activation activation, CancellationToken cancellationToken = default);

    /// <summary>Queues an evaluation of the period (202): every request is a new run that supersedes the latest completed one.</summary>
    [Post("/api/runs")]
    Task<Run> EvaluateAsync([Body] PeriodRequest period, CancellationToken cancellationToken = default);

    [Get("/api/runs")]
    Task<List<Run>> RunsAsync(string? period = null, int? take = null, CancellationToken cancellationToken = default);

    [Get("/api/runs/{id}")]
    Task<RunDetail> RunAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>An Admin lets a run whose engines disagreed be published, with a reason (audited).</summary>
    [Post("/api/runs/{id}/cross-check/acknowledge")]
    Task<RunCrossCheck> AcknowledgeCrossCheckAsync(Guid id, [Body] ReasonGiven reason, CancellationToken cancellationToken = default);

    [Get("/api/scheduler")]
    Task<Scheduler> SchedulerAsync(CancellationToken cancellationToken = default);

    [Post("/api/scheduler/pause")]
    Task<Scheduler> PauseSchedulerAsync(CancellationToken cancellationToken = default);

    [Post("/api/scheduler/resume")]
    Task<Scheduler> ResumeSchedulerAsync(CancellationToken cancellationToken = default);

    /// <summary>Fires "monthly" or "quarterly" now, for the previous period or the one given.</summary>
    [Post("/api/scheduler/trigger/{job}")]
    Task<TriggeredEvaluation> TriggerAsync(string job, string? period = null, CancellationToken cancellationToken = default);

    /// <summary>Judges one event (e.g. a pending penalty decision) by the real-time check in force; the body is the event's JSON.</summary>
    [Post("/api/checks/{workflow}")]
    Task<CheckAnswer> CheckAsync(string workflow, [Body] object eventBody, CancellationToken cancellationToken = default);

    [Get("/api/dashboard")]
    Task<Dashboard> DashboardAsync(string? period = null, long? unitId = null, int? extremes = null, int? squadPage = null, CancellationToken cancellationToken = default);

    [Get("/api/users")]
    Task<List<User>> UsersAsync(CancellationToken cancellationToken = default);

    [Post("/api/users")]
    Task<User> CreateUserAsync([Body] NewUser user, CancellationToken cancellationToken = default);

    [Post("/api/users/{id}/password")]
    Task<User> ResetPasswordAsync(long id, [Body] NewPassword password, CancellationToken cancellationToken = default);

    [Post("/api/users/{id}/unlock")]
    Task<User> UnlockUserAsync(long id, CancellationToken cancellationToken = default);

    [Post("/api/users/{id}/disable")]
    Task<User> DisableUserAsync(long id, CancellationToken cancellationToken = default);

    [Post("/api/users/{id}/enable")]
    Task<User> EnableUserAsync(long id, CancellationToken cancellationToken = default);

    [Get("/api/tokens")]
    Task<List<ApiToken>> TokensAsync(CancellationToken cancellationToken = default);

    /// <summary>Issues a bearer token; <see cref="IssuedToken.Secret"/> is shown this once and stored only hashed.</summary>
    [Post("/api/tokens")]
    Task<IssuedToken> CreateTokenAsync([Body] NewToken token, CancellationToken cancellationToken = default);

    [Post("/api/tokens/{id}/revoke")]
    Task<ApiToken> RevokeTokenAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Revokes the token and issues its successor with the same name, role and scope; the new secret is shown once.</summary>
    [Post("/api/tokens/{id}/rotate")]
    Task<IssuedToken> RotateTokenAsync(long id, CancellationToken cancellationToken = default);

    [Get("/api/audit")]
    Task<AuditPage> AuditAsync([Query(Format = "O")] DateTimeOffset? from = null, [Query(Format = "O")] DateTimeOffset? to = null, string? actor = null, string? action = null,
        string? entityType = null, string? entityId = null, int? page = null, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>The audit log as CSV (Chinese headers, byte order mark), with the same filters as <see cref="AuditAsync"/>.</summary>
    [Get("/api/audit/export")]
    Task<HttpResponseMessage> AuditExportAsync([Query(Format = "O")] DateTimeOffset? from = null, [Query(Format = "O")] DateTimeOffset? to = null, string? actor = null, string? action = null,
        string? entityType = null, string? entityId = null, string format = "csv", CancellationToken cancellationToken = default);

    /// <summary>Every ingestible kind and its fields.</summary>
    [Get("/api/ingest/kinds")]
    Task<List<FactKind>> FactKindsAsync(CancellationToken cancellationToken = default);

    [Get("/api/ingest/batches")]
    Task<List<IngestionBatch>> IngestionBatchesAsync(string? kind = null, int? take = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends one batch (JSON array or CSV, as <paramref name="batch"/>'s content type says), stored all or nothing. A refused
    /// batch answers 422: the <see cref="ApiException"/> carries the <see cref="IngestionReport"/> with every error.
    /// </summary>
    [Post("/api/ingest/{kind}")]
    Task<IngestionReport> IngestAsync(string kind, [Body] HttpContent batch, CancellationToken cancellationToken = default);

    [Get("/api/connectors")]
    Task<List<Connector>> ConnectorsAsync(CancellationToken cancellationToken = default);

    [Get("/api/connectors/{name}/runs")]
    Task<List<ConnectorRun>> ConnectorRunsAsync(string name, int? take = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a pull now on the scheduler (202); its run appears in <see cref="ConnectorRunsAsync"/>.</summary>
    [Post("/api/connectors/{name}/pull")]
    Task<PulledConnector> PullConnectorAsync(string name, CancellationToken cancellationToken = default);
}
