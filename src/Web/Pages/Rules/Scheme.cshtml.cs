using System.Globalization;
using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Rules.Loading;
using AssessmentEngine.Rules.Model;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Rules;

/// <summary>A rule of the selected version as the structured view shows it, with the line it starts on.</summary>
public sealed record RuleRow(string Name, int Depth, string? Title, string? Category, string? Expression, string? Points, string? Cap, bool Veto, string? Outcome, int Line);

/// <summary>A table of the dry run: officers or squads whose score, grade, rank or outcome would change.</summary>
public sealed record SubjectChanges(string Caption, IReadOnlyList<SubjectChange> Rows, string TestId);

/// <summary>What the editor's script posts to <c>?handler=Validate</c>.</summary>
public sealed record RuleFileText(string? Content);

/// <summary>
/// One scheme: its versions, the selected version's file with its diagnostics and rules, and the inspector's work on it:
/// a new version from the selected one (checked as they type by <c>?handler=Validate</c>, and on the server without
/// script), a dry run on a past period, activation. Everything goes through the API's mediator requests.
/// </summary>
public sealed class SchemeModel(IMediator mediator, TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    public string Scheme { get; private set; } = string.Empty;

    public SchemeView View { get; private set; } = null!;

    public RuleSetVersionDetail Selected { get; private set; } = null!;

    /// <summary>What the editor holds: the selected version's file, or what was posted.</summary>
    public string EditorContent { get; private set; } = string.Empty;

    public string? Note { get; private set; }

    /// <summary>Diagnostics of the editor's text after a server-side check (no script); null when not checked.</summary>
    public IReadOnlyList<DiagnosticView>? Checked { get; private set; }

    /// <summary>The dry run named by <c>?dryrun=</c>: its progress while it runs, its report once completed.</summary>
    public DryRunView? DryRun { get; private set; }

    /// <summary>Whether the selected version carries the anti-quota warning, so activating it needs an acknowledgement with a reason.</summary>
    public bool HasQuotaRisk => Selected.Diagnostics.Any(d => d.Code == AssessmentEngine.Rules.Diagnostics.DiagnosticCodes.QuotaRisk);

    public bool QuotaAcknowledged { get; private set; }

    public string? QuotaReason { get; private set; }

    public string? DryRunPeriod { get; private set; }

    public string? EffectiveFrom { get; private set; }

    /// <summary>Periods with a completed run, newest first: what a dry run can compare with.</summary>
    public IReadOnlyList<string> EvaluatedPeriods { get; private set; } = [];

    /// <summary>"saved" or "activated" after the redirect that follows success.</summary>
    public string? Done { get; private set; }

    /// <summary>Which form the errors in ModelState belong to: "editor", "dryrun" or "activate".</summary>
    public string? FailedForm { get; private set; }

    public IReadOnlyList<RuleRow> Rules { get; private set; } = [];

    public SchemePopulation Population { get; private set; } = SchemePopulation.Officer;

    public AssessmentPeriod CurrentMonth => AssessmentPeriod.MonthContaining(clock.GetUtcNow());

    public async Task<IActionResult> OnGetAsync(string scheme, int? v, string? done, Guid? dryrun, CancellationToken cancellationToken)
    {
        Done = done is "saved" or "activated" ? done : null;
        if (!await LoadAsync(scheme, v, cancellationToken)) return NotFound();
        if (dryrun is { } id)
        {
            try
            {
                DryRun = await mediator.Send(new GetDryRun(scheme, Selected.Version.Number, id), cancellationToken);
                DryRunPeriod = DryRun.Period;
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }
        return Page();
    }

    /// <summary>The editor's live check: the diagnostics of the posted text as JSON (the anti-forgery token comes in a header).</summary>
    public async Task<IActionResult> OnPostValidateAsync(string scheme, [FromBody] RuleFileText body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Content))
            return new JsonResult(new { errorCount = 0, warningCount = 0, diagnostics = Array.Empty<object>() });
        var check = await mediator.Send(new ValidateRuleFile(body.Content, scheme), cancellationToken);
        return new JsonResult(new
        {
            errorCount = check.ErrorCount,
            warningCount = check.WarningCount,
            diagnostics = check.Diagnostics.Select(d => (View: d, Said: DiagnosticTexts.Text(text, d)))
                .Select(d => new { severity = d.View.Severity.ToString(), d.View.Code, d.View.Message, text = d.Said.Text, translated = d.Said.Translated, d.View.Rule, d.View.Line, d.View.Column }),
        });
    }

    /// <summary>The same check without script: the page again with the posted text and its diagnostics.</summary>
    public async Task<IActionResult> OnPostCheckAsync(string scheme, int basedOn, [FromForm] string? content, [FromForm] string? note, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(scheme, basedOn, cancellationToken)) return NotFound();
        EditorContent = content ?? string.Empty;
        Note = note;
        Checked = string.IsNullOrWhiteSpace(content) ? [] : (await mediator.Send(new ValidateRuleFile(content, scheme), cancellationToken)).Diagnostics;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string scheme, int basedOn, [FromForm] string? content, [FromForm] string? note, CancellationToken cancellationToken)
    {
        try
        {
            var saved = await mediator.Send(new SaveRuleSetVersion(scheme, content ?? string.Empty, null, string.IsNullOrWhiteSpace(note) ? null : note.Trim()), cancellationToken);
            return Redirect(VersionUrl(scheme, saved.Version.Number, "saved"));
        }
        catch (Exception ex) when (Refusal(ex) is { } message)
        {
            if (!await LoadAsync(scheme, basedOn, cancellationToken)) return NotFound();
            EditorContent = content ?? string.Empty;
            Note = note;
            return Refused("editor", "content", message);
        }
    }

    public async Task<IActionResult> OnPostDryRunAsync(string scheme, int number, [FromForm] string? period, CancellationToken cancellationToken)
    {
        try
        {
            var started = await mediator.Send(new DryRunRuleSetVersion(scheme, number, period), cancellationToken);
            return Redirect(DryRunUrl(scheme, number, started.Id));
        }
        catch (ConflictException)
        {
            if (!await LoadAsync(scheme, number, cancellationToken)) return NotFound();
            DryRunPeriod = period;
            return Refused("dryrun", "period", text["Rules.DryRunBusy"]);
        }
        catch (Exception ex) when (Refusal(ex) is { } message)
        {
            if (!await LoadAsync(scheme, number, cancellationToken)) return NotFound();
            DryRunPeriod = period;
            return Refused("dryrun", "period", message);
        }
    }

    /// <summary>
    /// Activation; a version with the anti-quota warning goes into force only with the box ticked and a reason, which
    /// the request audits. Without both the request's refusal is shown on the acknowledgement.
    /// </summary>
    public async Task<IActionResult> OnPostActivateAsync(string scheme, int number, [FromForm] string? effectiveFrom, [FromForm] bool quotaAcknowledged, [FromForm] string? quotaReason, CancellationToken cancellationToken)
    {
        var acknowledgement = quotaAcknowledged && !string.IsNullOrWhiteSpace(quotaReason) ? quotaReason.Trim() : null;
        try
        {
            await mediator.Send(new ActivateRuleSetVersion(scheme, number, effectiveFrom?.Trim(), acknowledgement), cancellationToken);
            return Redirect(VersionUrl(scheme, number, "activated"));
        }
        catch (Exception ex) when (Refusal(ex) is { } message)
        {
            if (!await LoadAsync(scheme, number, cancellationToken)) return NotFound();
            EffectiveFrom = effectiveFrom;
            QuotaAcknowledged = quotaAcknowledged;
            QuotaReason = quotaReason;
            var field = ex is ValidationException invalid && invalid.Errors.ContainsKey("quotaAcknowledgement") ? "quotaReason" : "effectiveFrom";
            return Refused("activate", field, message);
        }
    }

    /// <summary>How a version's status reads: draft, in force, in force from a later period, superseded, retired.</summary>
    public string StatusOf(RuleSetVersionView version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Status switch
        {
            RuleSetStatus.Draft => "Draft",
            RuleSetStatus.Retired => "Retired",
            _ when version.Number == View.InForceNumber => "InForce",
            _ when version.EffectiveFrom is { } from && AssessmentPeriod.TryParse(from, out var period) && period > CurrentMonth => "Pending",
            _ => "Superseded",
        };
    }

    public static string DryRunUrl(string scheme, int number, Guid id) =>
        VersionUrl(scheme, number) + FormattableString.Invariant($"&dryrun={id}#dryrun");

    public static string VersionUrl(string scheme, int number, string? done = null) =>
        FormattableString.Invariant($"/rules/{Uri.EscapeDataString(scheme)}?v={number}") + (done is null ? "" : "&done=" + done);

    /// <summary>The first period an activation could start: the month after the latest evaluated one, or next month.</summary>
    public string SuggestedEffectiveFrom()
    {
        var quarterly = View.Period == SchemeCatalog.Quarterly;
        var next = CurrentMonth.Next;
        return quarterly ? AssessmentPeriod.QuarterOf(next.Start.Year, ((next.Start.Month - 1) / 3) + 1).Key : next.Key;
    }

    private async Task<bool> LoadAsync(string scheme, int? number, CancellationToken cancellationToken)
    {
        Scheme = scheme;
        var schemes = await mediator.Send(new ListRuleSets(), cancellationToken);
        if (schemes.FirstOrDefault(s => string.Equals(s.Name, scheme, StringComparison.Ordinal)) is not { Versions.Count: > 0 } view)
            return false;
        View = view;
        var selected = number ?? view.Versions[0].Number;
        if (view.Versions.All(v => v.Number != selected))
            return false;
        Selected = await mediator.Send(new GetRuleSetVersion(scheme, selected), cancellationToken);
        EditorContent = Selected.Content;
        Population = view.Population switch
        {
            "Squad" => SchemePopulation.Squad,
            "Outcome" => SchemePopulation.Outcome,
            "Auxiliary" => SchemePopulation.Auxiliary,
            _ => SchemePopulation.Officer,
        };
        Rules = RowsOf(Selected.Content, scheme);
        var quarterly = view.Period == SchemeCatalog.Quarterly;
        var runs = await mediator.Send(new ListRuns(null, 200), cancellationToken);
        EvaluatedPeriods = runs.Where(r => r.Status == RunStatus.Completed)
            .Select(r => r.Period)
            .Where(p => p.Contains('Q', StringComparison.Ordinal) == quarterly)
            .Distinct(StringComparer.Ordinal)
            .OrderDescending(StringComparer.Ordinal)
            .ToList();
        return true;
    }

    private PageResult Refused(string form, string field, string message)
    {
        FailedForm = form;
        ModelState.AddModelError(field, text["Rules.Refused", message]);
        return Page();
    }

    /// <summary>The message of a refusal the reader can act on; anything else is a fault and propagates.</summary>
    private string? Refusal(Exception exception) => exception switch
    {
        ValidationException or DomainException or NotFoundException or ConflictException => Refusals.Text(text, exception),
        _ => null,
    };

    private static List<RuleRow> RowsOf(string content, string scheme)
    {
        var loaded = WorkflowLoader.Load(content, scheme);
        var rows = new List<RuleRow>();
        if (loaded.Workflows.Count == 1)
            Add(loaded.Workflows[0].Rules, 0);
        return rows;

        void Add(IEnumerable<Rule> rules, int depth)
        {
            foreach (var rule in rules)
            {
                var scoring = rule.Scoring;
                var points = scoring?.Points is { } p ? p.ToString(CultureInfo.InvariantCulture) : scoring?.PointsExpression?.Text;
                rows.Add(new RuleRow(rule.RuleName, depth, scoring?.Title, scoring?.Category, rule.Expression?.Text ?? rule.Operator, points,
                    scoring?.Cap?.ToString(CultureInfo.InvariantCulture), scoring?.Veto ?? false, scoring?.Outcome, rule.Line));
                Add(rule.Rules, depth + 1);
            }
        }
    }
}
