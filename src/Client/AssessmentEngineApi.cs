using System.Text.Json;
using RestEase;

namespace AssessmentEngine.Client;

/// <summary>
/// The AssessmentEngine HTTP API. Create one with <see cref="AssessmentEngineClient.Create(HttpClient)"/> over an HttpClient
/// that keeps cookies (people sign in with <see cref="SignInAsync"/>) or sends a bearer token (machine clients).
/// Failures throw RestEase's <see cref="ApiException"/> carrying the status code and the ProblemDetails body.
/// </summary>
[Header("Accept", "application/json")]
public interface IAssessmentEngineApi
{
    [Post("api/auth/login")]
    Task<Actor> SignInAsync([Body] SignInRequest credentials, CancellationToken cancellationToken = default);

    [Post("api/auth/logout")]
    Task SignOutAsync(CancellationToken cancellationToken = default);

    [Get("api/auth/me")]
    Task<Actor> MeAsync(CancellationToken cancellationToken = default);

    [Get("api/periods/{period}/officers")]
    Task<OfficerRankingPage> OfficersAsync([Path] string period, [Query] long? brigadeId = null, [Query] long? squadId = null, [Query] string? post = null, [Query] string? grade = null, [Query] int? page = null, [Query] int? pageSize = null, CancellationToken cancellationToken = default);

    [Get("api/periods/{period}/squads")]
    Task<SquadRanking> SquadsAsync([Path] string period, [Query] long? brigadeId = null, CancellationToken cancellationToken = default);

    /// <summary>The period's results as a file: format "xlsx" or "csv", Chinese headers.</summary>
    [Get("api/periods/{period}/export")]
    Task<HttpResponseMessage> ExportAsync([Path] string period, [Query] string format = "xlsx", [Query] long? brigadeId = null, CancellationToken cancellationToken = default);

    [Get("api/officers/{officerId}/results/{period}")]
    Task<OfficerResult> OfficerResultAsync([Path] long officerId, [Path] string period, CancellationToken cancellationToken = default);

    [Get("api/officers/{officerId}/trend")]
    Task<List<TrendPoint>> TrendAsync([Path] long officerId, [Query] string to, CancellationToken cancellationToken = default);

    [Get("api/outcomes")]
    Task<List<Outcome>> OutcomesAsync([Query] string? period = null, [Query] string? status = null, [Query] string? kind = null, CancellationToken cancellationToken = default);

    [Post("api/outcomes/{id}/approve")]
    Task<Outcome> ApproveOutcomeAsync([Path] Guid id, CancellationToken cancellationToken = default);

    [Post("api/outcomes/{id}/reject")]
    Task<Outcome> RejectOutcomeAsync([Path] Guid id, [Body] ReasonGiven reason, CancellationToken cancellationToken = default);

    [Post("api/outcomes/{id}/schedule")]
    Task<Outcome> ScheduleInterviewAsync([Path] Guid id, [Body] InterviewPlan plan, CancellationToken cancellationToken = default);

    [Post("api/outcomes/{id}/hold")]
    Task<Outcome> RecordInterviewAsync([Path] Guid id, [Body] InterviewRecord record, CancellationToken cancellationToken = default);

    [Post("api/runs/{runId}/publish")]
    Task<RunPublication> PublishRunAsync([Path] Guid runId, [Query] int? appealWorkingDays = null, [Query] bool? confirmPending = null, CancellationToken cancellationToken = default);

    [Post("api/runs/{runId}/finalize")]
    Task<RunPublication> FinalizeRunAsync([Path] Guid runId, CancellationToken cancellationToken = default);

    [Get("api/appeals")]
    Task<List<Appeal>> AppealsAsync([Query] Guid? runId = null, [Query] string? status = null, CancellationToken cancellationToken = default);

    [Post("api/appeals")]
    Task<Appeal> FileAppealAsync([Body] NewAppeal appeal, CancellationToken cancellationToken = default);

    [Post("api/appeals/{id}/uphold")]
    Task<Appeal> UpholdAppealAsync([Path] Guid id, [Body] AppealDecision decision, CancellationToken cancellationToken = default);

    [Post("api/appeals/{id}/reject")]
    Task<Appeal> RejectAppealAsync([Path] Guid id, [Body] ReasonGiven reason, CancellationToken cancellationToken = default);

    [Get("api/rulesets")]
    Task<JsonElement> RuleSetsAsync(CancellationToken cancellationToken = default);

    [Post("api/rulesets/validate")]
    Task<RuleFileCheck> ValidateRuleFileAsync([Body] RuleFile file, CancellationToken cancellationToken = default);

    [Post("api/rulesets/{scheme}/versions")]
    Task<JsonElement> SaveRuleSetVersionAsync([Path] string scheme, [Body] RuleFile file, CancellationToken cancellationToken = default);

    [Post("api/rulesets/{scheme}/versions/{number}/dry-run")]
    Task<JsonElement> DryRunAsync([Path] string scheme, [Path] int number, [Body] PeriodRequest period, CancellationToken cancellationToken = default);

    [Post("api/rulesets/{scheme}/versions/{number}/activate")]
    Task<JsonElement> ActivateAsync([Path] string scheme, [Path] int number, [Body] Activation activation, CancellationToken cancellationToken = default);

    /// <summary>Queues an evaluation of the period (202): every request is a new run that supersedes the latest completed one.</summary>
    [Post("api/runs")]
    Task<Run> EvaluateAsync([Body] PeriodRequest period, CancellationToken cancellationToken = default);

    [Get("api/runs")]
    Task<List<Run>> RunsAsync([Query] string? period = null, [Query] int? take = null, CancellationToken cancellationToken = default);

    [Get("api/runs/{id}")]
    Task<RunDetail> RunAsync([Path] Guid id, CancellationToken cancellationToken = default);

    [Get("api/scheduler")]
    Task<Scheduler> SchedulerAsync(CancellationToken cancellationToken = default);

    [Post("api/scheduler/pause")]
    Task<Scheduler> PauseSchedulerAsync(CancellationToken cancellationToken = default);

    [Post("api/scheduler/resume")]
    Task<Scheduler> ResumeSchedulerAsync(CancellationToken cancellationToken = default);

    /// <summary>Fires "monthly" or "quarterly" now, for the previous period or the one given.</summary>
    [Post("api/scheduler/trigger/{job}")]
    Task<TriggeredEvaluation> TriggerAsync([Path] string job, [Query] string? period = null, CancellationToken cancellationToken = default);

    /// <summary>Judges one event (e.g. a pending penalty decision) by the real-time check in force; the body is the event's JSON.</summary>
    [Post("api/checks/{workflow}")]
    Task<CheckAnswer> CheckAsync([Path] string workflow, [Body] object eventBody, CancellationToken cancellationToken = default);
    [Get("api/dashboard")]
    Task<Dashboard> DashboardAsync([Query] string? period = null, [Query] long? unitId = null, [Query] int? extremes = null, CancellationToken cancellationToken = default);

    [Get("api/users")]
    Task<List<User>> UsersAsync(CancellationToken cancellationToken = default);

    [Post("api/users")]
    Task<User> CreateUserAsync([Body] NewUser user, CancellationToken cancellationToken = default);

    [Post("api/users/{id}/password")]
    Task<User> ResetPasswordAsync([Path] long id, [Body] NewPassword password, CancellationToken cancellationToken = default);

    [Post("api/users/{id}/unlock")]
    Task<User> UnlockUserAsync([Path] long id, CancellationToken cancellationToken = default);

    [Get("api/tokens")]
    Task<List<ApiToken>> TokensAsync(CancellationToken cancellationToken = default);

    /// <summary>Issues a bearer token; <see cref="IssuedToken.Secret"/> is shown this once and stored only hashed.</summary>
    [Post("api/tokens")]
    Task<IssuedToken> CreateTokenAsync([Body] NewToken token, CancellationToken cancellationToken = default);

    [Post("api/tokens/{id}/revoke")]
    Task<ApiToken> RevokeTokenAsync([Path] long id, CancellationToken cancellationToken = default);

    [Get("api/audit")]
    Task<AuditPage> AuditAsync([Query] DateTimeOffset? from = null, [Query] DateTimeOffset? to = null, [Query] string? actor = null, [Query] string? action = null,
        [Query] string? entityType = null, [Query] string? entityId = null, [Query] int? page = null, [Query] int? pageSize = null, CancellationToken cancellationToken = default);
}
