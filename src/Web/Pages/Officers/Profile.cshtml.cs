using System.Globalization;
using System.Text.Json;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Appeals;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Officers;

/// <summary>
/// An officer's result for a period, every point explained in words with its records (<see cref="OfficerExplanation"/>),
/// the last 12 months (<see cref="OfficerTrend"/>) and the appeals. An Officer sees only their own profile and may appeal
/// a scored rule while the run is published (公示) and the window is open (<see cref="FileAppeal"/>); inspectors decide
/// appeals here (<see cref="UpholdAppeal"/>, <see cref="RejectAppeal"/>). Another officer's profile, or one outside the
/// reader's unit scope, is "not found", as on the API.
/// </summary>
public sealed class ProfileModel(IMediator mediator, CurrentActor actor, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public long Id { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [TempData]
    public string? Message { get; set; }

    public OfficerResultView? View { get; private set; }

    public IReadOnlyList<TrendPoint> Trend { get; private set; } = [];

    /// <summary>The officer's own outcomes of the period (proposed warnings, interviews and their appointments, commendations).</summary>
    public IReadOnlyList<Features.Reviews.OutcomeView> Outcomes { get; private set; } = [];

    /// <summary>The form that was refused ("appeal-LateArrival", "decide-…"); it shows its errors and stays open.</summary>
    public string? ErrorForm { get; private set; }

    /// <summary>What was typed into the refused form, so it is not lost.</summary>
    public string? Typed { get; private set; }

    public bool IsOwn => actor.Role == Role.Officer && actor.OfficerId == Id;

    /// <summary>An appeal can be filed now: the results are published and the window is open (Officer for themselves, inspectors on their behalf); the assessment refuses what else it must.</summary>
    public bool CanAppeal => View is { Publication: "Published", AppealWindowEndsAt: { } ends } && clock.GetUtcNow() < ends
        && AllowedRoles.Allow<FileAppeal>(actor.Role);

    public bool CanDecide => AllowedRoles.Allow<UpholdAppeal>(actor.Role) && AllowedRoles.Allow<RejectAppeal>(actor.Role);

    /// <summary>The profile is not there for this reader (another officer's, outside the unit scope, or no such officer).</summary>
    public bool Missing { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();

    /// <summary>A 404 that still reads as a page: says the profile is not available, shows nothing of it.</summary>
    private PageResult NotFoundPage()
    {
        Missing = true;
        View = null;
        Trend = [];
        return new PageResult { StatusCode = StatusCodes.Status404NotFound };
    }

    public async Task<IActionResult> OnPostAppealAsync(long id, string? rule, string? statement, CancellationToken cancellationToken)
    {
        if (!AllowedRoles.Allow<FileAppeal>(actor.Role))
            return Forbid();
        if (!await LoadAsync(id, cancellationToken) || View is null)
            return NotFoundPage();
        var form = "appeal-" + rule;
        if (string.IsNullOrWhiteSpace(statement))
            return Refuse(form, "statement", t["Profile.StatementRequired"], statement);
        try
        {
            await mediator.Send(new FileAppeal(null, id, rule ?? "", statement.Trim(), View.Period), cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFoundPage();
        }
        catch (ValidationException invalid)
        {
            return Refuse(form, "statement", Refusals.Text(t, invalid), statement);
        }
        catch (DomainException refused)
        {
            return Refuse(form, "statement", t["Profile.AppealRefused", Refusals.Text(t, refused)], statement);
        }
        Message = t["Profile.AppealFiled", Title(rule)];
        return Redirect(Here(id));
    }

    public async Task<IActionResult> OnPostUpholdAsync(long id, Guid appealId, string? points, string? reason, CancellationToken cancellationToken)
    {
        if (!CanDecide)
            return Forbid();
        if (!await LoadAsync(id, cancellationToken))
            return NotFoundPage();
        var form = "decide-" + appealId.ToString("N");
        if (!double.TryParse(points, NumberStyles.Float, CultureInfo.InvariantCulture, out var adjustment) || adjustment == 0)
            return Refuse(form, "points", t["Profile.PointsRequired"], reason);
        if (string.IsNullOrWhiteSpace(reason))
            return Refuse(form, "reason", t["Profile.DecisionReasonRequired"], reason);
        return await DecideAsync(id, form, () => mediator.Send(new UpholdAppeal(appealId, adjustment, reason.Trim()), cancellationToken), "Profile.AppealUpheld", reason, cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAppealAsync(long id, Guid appealId, string? reason, CancellationToken cancellationToken)
    {
        if (!CanDecide)
            return Forbid();
        if (!await LoadAsync(id, cancellationToken))
            return NotFoundPage();
        var form = "decide-" + appealId.ToString("N");
        if (string.IsNullOrWhiteSpace(reason))
            return Refuse(form, "reason", t["Profile.DecisionReasonRequired"], reason);
        return await DecideAsync(id, form, () => mediator.Send(new RejectAppeal(appealId, reason.Trim()), cancellationToken), "Profile.AppealRejected", reason, cancellationToken);
    }

    private async Task<IActionResult> DecideAsync(long id, string form, Func<ValueTask<AppealView>> send, string doneKey, string? typed, CancellationToken cancellationToken)
    {
        try
        {
            var appeal = await send();
            Message = t[doneKey, Title(appeal.RuleName)];
            return Redirect(Here(id));
        }
        catch (NotFoundException)
        {
            return NotFoundPage();
        }
        catch (ValidationException invalid)
        {
            return Refuse(form, "reason", Refusals.Text(t, invalid), typed);
        }
        catch (DomainException refused)
        {
            await LoadAsync(id, cancellationToken);
            return Refuse(form, "reason", t["Profile.AppealRefused", Refusals.Text(t, refused)], typed);
        }
    }

    private PageResult Refuse(string form, string field, string message, string? typed)
    {
        ModelState.AddModelError(FieldId(form, field), message);
        ErrorForm = form;
        Typed = typed;
        return Page();
    }

    public static string FieldId(string form, string field) => $"{form}-{field}";

    public bool HasError(string form, string field) =>
        ModelState.TryGetValue(FieldId(form, field), out var entry) && entry.Errors.Count > 0;

    /// <summary>Reads the trend (which also checks scope) and the period's explanation; false: not found for this reader.</summary>
    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        if (!actor.CanSeeOfficer(id))
            return false;
        var thisMonth = AssessmentPeriod.Month(ShanghaiTime.ToLocal(clock.GetUtcNow()).Year, ShanghaiTime.ToLocal(clock.GetUtcNow()).Month);
        try
        {
            Trend = await mediator.Send(new OfficerTrend(id, thisMonth.Key), cancellationToken);
            var period = Period ?? (Trend.Count > 0 ? Trend[^1].Period : null);
            if (period is null)
                return true; // In scope, nothing evaluated yet: the page says so.
            View = await mediator.Send(new OfficerExplanation(id, period), cancellationToken);
            Period = View.Period;
            Outcomes = await mediator.Send(new Features.Reviews.OfficerOutcomes(id, View.Period), cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
        catch (ValidationException)
        {
            return false;
        }
    }

    private string Here(long id) =>
        FormattableString.Invariant($"/officers/{id}") + (Period is null ? "" : "?period=" + Uri.EscapeDataString(Period));

    public string Title(string? ruleName) => View?.Lines.FirstOrDefault(l => l.RuleName == ruleName)?.Title ?? ruleName ?? "";

    public ChartData HistoryChart()
    {
        var description = Trend.Count == 0 ? t["Profile.NoHistory"].Value
            : string.Join(t["Profile.ListSeparator"].Value, Trend.Select(p => t["Profile.HistoryItem", p.Period, PointsText.Format(p.Score), p.Grade].Value));
        return new ChartData(t["Profile.HistoryTitle"], description, [.. Trend.Select(p => p.Period)],
            [new ChartSeries(t["Profile.Score"], [.. Trend.Select(p => (double?)p.Score)])])
        { ValueLabel = t["Dashboard.PointsUnit"] };
    }

    /// <summary>The rule's parameters in words, e.g. "迟到 3 次"; unknown names as "name: value".</summary>
    public IReadOnlyList<string> ParameterWords(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
            return [];
        return parameters.EnumerateObject().Select(p =>
        {
            var value = Value(p.Value);
            var text = t["Profile.Param." + p.Name, value];
            return text.ResourceNotFound ? $"{p.Name}: {value}" : text.Value;
        }).ToList();
    }

    /// <summary>A rule line in one sentence: "迟到：迟到 3 次，扣 3 分。" / "迟到: late 3 times, 3 points deducted."</summary>
    public string Sentence(string title, IReadOnlyList<string> words, double points) =>
        words.Count == 0
            ? t["Profile.SentenceNoParameters", title, PointsWords(points)]
            : t["Profile.Sentence", title, string.Join(t["Profile.ListSeparator"].Value, words), PointsWords(points)];

    /// <summary>"扣 3 分", "加 2 分" or "不计分".</summary>
    public string PointsWords(double points) =>
        points < 0 ? t["Profile.Deduct", PointsText.Format(-points)] : points > 0 ? t["Profile.Add", PointsText.Format(points)] : t["Profile.NoPoints"];

    public string Category(string category)
    {
        var text = t["Profile.Category." + category];
        return text.ResourceNotFound || string.IsNullOrEmpty(category) ? (string.IsNullOrEmpty(category) ? "—" : category) : text.Value;
    }

    public string FieldName(string name)
    {
        var text = t["Profile.Field." + name];
        return text.ResourceNotFound ? name : text.Value;
    }

    public string EvidenceKind(string kind)
    {
        var text = t["Profile.Evidence." + kind];
        return text.ResourceNotFound ? kind : text.Value;
    }

    /// <summary>When the record happened: its instant, or for a day record (attendance) its day; shown in the time column.</summary>
    public static string? Day(EvidenceRecord record) =>
        record is { At: null } && record.Fields.TryGetValue("day", out var day) && day is string text ? text : null;

    /// <summary>The record's fields but the day already shown as its time.</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Details(EvidenceRecord record) =>
        record.Fields.Where(f => f.Value is not null && !(record.At is null && f.Key == "day"));

    /// <summary>A field's value in words: a code such as status "late" as 迟到 when the resources know it.</summary>
    public string FieldValue(string field, object? value)
    {
        if (value is string code)
        {
            var text = t[$"Profile.Value.{field}.{code}"];
            return text.ResourceNotFound ? code : text.Value;
        }
        return FieldValue(value);
    }

    public string FieldValue(object? value) => value switch
    {
        null => "—",
        bool b => b ? t["Profile.Yes"] : t["Profile.No"],
        DateTimeOffset at => LocalTime.Format(at),
        DateTime at => LocalTime.Format(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))),
        double d => PointsText.Format(d),
        JsonElement json => Value(json),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => PointsText.Format(value.GetDouble()),
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => t["Profile.Yes"],
        JsonValueKind.False => t["Profile.No"],
        JsonValueKind.Null => "—",
        _ => value.GetRawText(),
    };
}
