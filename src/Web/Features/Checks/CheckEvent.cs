using System.Globalization;
using System.Text.Json;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;

namespace AssessmentEngine.Web.Features.Checks;

/// <summary>One rule's verdict on the event, as RulesEngine reports it: the rule, whether it held, and its message when not.</summary>
public sealed record CheckRuleResult(string Rule, string? Title, bool Success, string? Message);

/// <summary>The answer of a real-time check: the version that judged, allowed when every rule held, and each rule's result.</summary>
public sealed record CheckAnswer(string Workflow, int Version, string VersionHash, bool Allowed, IReadOnlyList<CheckRuleResult> Results, string? RequestId);

/// <summary>
/// Checks one event (a pending penalty decision, say) against the named real-time check in force now and answers at
/// once. The clock picks the version (the one in force this month, Asia/Shanghai); the rules never read the clock:
/// their "now" is the event's OccurredAt, so the same event and version always give the same answer. Every check is
/// recorded in the audit log by <see cref="CheckRecorder"/> (not <see cref="IAuditedCommand"/>: that writes in the
/// request's own transaction).
/// </summary>
[AllowedRoles(Role.System, Role.Admin, Role.Inspector)]
public sealed record CheckEvent(string Workflow, JsonElement Event) : IRequest<CheckAnswer>
{
    public override string ToString() => $"CheckEvent {{ Workflow = {Workflow} }}";
}

internal sealed partial class CheckEventHandler(RealTimeChecks checks, CheckRecorder recorder, CurrentActor actor, TimeProvider clock)
    : IRequestHandler<CheckEvent, CheckAnswer>
{
    private const string OccurredAt = "OccurredAt";

    public async ValueTask<CheckAnswer> Handle(CheckEvent request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var directory = await checks.CurrentAsync(cancellationToken);
        var period = AssessmentPeriod.MonthContaining(now);
        var version = directory.InForce(request.Workflow, period, out var known);
        if (version is null)
        {
            if (directory.OtherSchemePeriod(request.Workflow) is { } otherPeriod)
                throw new DomainException("NotARealTimeCheck", $"{request.Workflow} is a {otherPeriod.ToLowerInvariant()} assessment scheme, not a real-time check; it evaluates periods through runs.", request.Workflow);
            throw known
                ? new NotFoundException("CheckNotInForce", $"The real-time check '{request.Workflow}' has no version in force for {period}.", request.Workflow, period)
                : new NotFoundException("CheckNotFound", $"There is no real-time check named '{request.Workflow}'.", request.Workflow);
        }

        var officerId = Validate(request.Event, version);
        var squad = directory.SquadOf(officerId);
        if (squad is null && now - directory.LoadedAt > TimeSpan.FromSeconds(1))
            squad = (await checks.ReloadAsync(directory, cancellationToken)).SquadOf(officerId);
        // An officer outside the caller's units is not found, exactly like one that does not exist (ADR 6).
        if (squad is not { } unit || (actor.UnitId is { } root && !directory.IsWithin(unit, root)))
            throw new NotFoundException("OfficerNotFound", $"Officer {officerId} was not found.", officerId);

        var context = new EvaluationContext(OccurredAtOf(request.Event) ?? DateTimeOffset.UnixEpoch) { Explain = false };
        var results = checks.Engines.Execute(version.Workflow, context, request.Event);
        var answers = new CheckRuleResult[results.Count];
        var allowed = true;
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            allowed &= result.IsSuccess;
            answers[i] = new CheckRuleResult(result.Rule.RuleName, TitleOf(result), result.IsSuccess, result.IsSuccess ? null : result.ExceptionMessage);
        }

        var record = new CheckRecord(version.Scheme, version.Number, version.Hash, allowed, answers.Where(a => !a.Success).Select(a => a.Rule).ToArray(), request.Event);
        var entry = new AuditEntry(now.UtcDateTime, actor.Name, actor.Kind.ToString(), nameof(CheckEvent), "Officer", officerId.ToString(CultureInfo.InvariantCulture),
            beforeJson: null, JsonSerializer.Serialize(record, AuditLog.Json), actor.RequestId, actor.IpAddress?.ToString(), unitId: unit);
        if (!recorder.TryRecord(entry))
            throw new ServiceUnavailableException("AuditBehind", "The audit log is not keeping up; the check was not made. Try again shortly.");
        return new CheckAnswer(version.Scheme, version.Number, version.Hash, allowed, answers, actor.RequestId);
    }

    /// <summary>What the audit log keeps of a check: the version, the decision, the rules that failed and the event itself.</summary>
    private sealed record CheckRecord(string Workflow, int Version, string VersionHash, bool Allowed, string[] Failed, JsonElement Event);

    /// <summary>Every field that does not fit the declared shape, at once (400); returns the officer the event names.</summary>
    private static long Validate(JsonElement document, CheckVersion version)
    {
        if (document.ValueKind != JsonValueKind.Object)
            throw new ValidationException("event", "EventNotAnObject", $"The body is one event as a JSON object, not {document.ValueKind}.", document.ValueKind);
        var problems = version.EventShape.Check(document);
        if (problems.Count > 0)
        {
            var errors = new ValidationErrors();
            foreach (var (field, problem) in problems)
                errors.Add(CamelCase(field), EventFieldProblem(field, problem));
            throw new ValidationException(errors);
        }
        EventMembers.TryGet(document, SchemeCatalog.EventOfficer, out var officer);
        return officer.GetInt64();
    }

    private static DateTimeOffset? OccurredAtOf(JsonElement document) =>
        EventMembers.TryGet(document, OccurredAt, out var at) && at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out var instant) ? instant : null;

    private static string? TitleOf(RuleResultTree result) =>
        result.Rule.Properties.TryGetValue("Title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null;

    /// <summary>The shape check's English problems (src/Rules) as coded messages naming the field; a value sent goes as it is.</summary>
    private static CodedMessage EventFieldProblem(string field, string problem) => problem switch
    {
        "is required" => CodedMessage.Of("EventFieldRequired", $"{field} is required.", field),
        "must not be null" => CodedMessage.Of("EventFieldNull", $"{field} must not be null.", field),
        "expected an object" => CodedMessage.Of("EventFieldNotObject", $"{field} expected an object.", field),
        "expected a list" => CodedMessage.Of("EventFieldNotList", $"{field} expected a list.", field),
        _ when ExpectedType().Match(problem) is { Success: true } wrong => wrong.Groups["what"].Value switch
        {
            "text" => CodedMessage.Of("EventFieldNotText", $"{field} {problem}.", field, wrong.Groups["sent"].Value),
            "a whole number (32-bit)" or "a whole number" => CodedMessage.Of("EventFieldNotWholeNumber", $"{field} {problem}.", field, wrong.Groups["sent"].Value),
            "true or false" => CodedMessage.Of("EventFieldNotBoolean", $"{field} {problem}.", field, wrong.Groups["sent"].Value),
            "an ISO-8601 date and time" => CodedMessage.Of("EventFieldNotInstant", $"{field} {problem}.", field, wrong.Groups["sent"].Value),
            "a duration such as \"00:01:30\"" => CodedMessage.Of("EventFieldNotDuration", $"{field} {problem}.", field, wrong.Groups["sent"].Value),
            _ => CodedMessage.Of("EventFieldNotNumber", $"{field} {problem}.", field, wrong.Groups["sent"].Value),
        },
        _ => CodedMessage.Of("EventFieldInvalid", $"{field} {problem}.", field),
    };

    [System.Text.RegularExpressions.GeneratedRegex("^expected (?<what>.+), not (?<sent>.*)$")]
    private static partial System.Text.RegularExpressions.Regex ExpectedType();

    private static string CamelCase(string path) => path.Length > 0 && char.IsUpper(path[0]) ? char.ToLowerInvariant(path[0]) + path[1..] : path;
}
