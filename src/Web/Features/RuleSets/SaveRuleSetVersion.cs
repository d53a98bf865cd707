using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>What an inspector sends to save a version: a rule file, or the number of a version to copy.</summary>
public sealed record NewRuleSetVersion(string? Content, int? FromVersion, string? Note);

/// <summary>
/// Saves the next version of a scheme as a draft, errors and all ("a rule set with errors can be saved as a draft but
/// never activated"). The file's WorkflowName names the scheme; a name no version has yet starts a new scheme.
/// </summary>
[AllowedRoles(Role.Inspector, Role.Admin)]
public sealed record SaveRuleSetVersion(
    [property: StoredIn(typeof(RuleSetVersion), nameof(RuleSetVersion.SchemeName))] string Scheme,
    [property: StoredIn(typeof(RuleSetVersion), nameof(RuleSetVersion.Content))] string? Content,
    int? FromVersion,
    [property: StoredIn(typeof(RuleSetVersion), nameof(RuleSetVersion.Note))] string? Note)
    : ICommand<RuleSetVersionDetail>, IAuditedCommand, IValidatable
{
    public const int MaxSchemeNameLength = 64;
    public const int MaxNoteLength = 2000;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        RuleSetNames.CheckScheme(Scheme, errors);
        errors.Check((Content is null) != (FromVersion is null), "content", "ContentOrFromVersion", "Send either the rule file as content or the number of a version to copy as fromVersion.");
        errors.Check(Content is null || !string.IsNullOrWhiteSpace(Content), "content", "RuleFileEmpty", "The rule file is empty.");
        errors.Check(FromVersion is null or > 0, "fromVersion", "VersionFromOne", "Version numbers start at 1.");
        errors.Check(Note is null || Note.Length <= MaxNoteLength, "note", "NoteTooLong", $"A note has at most {MaxNoteLength} characters.", MaxNoteLength);
    }

    public override string ToString() => $"SaveRuleSetVersion {{ Scheme = {Scheme}, FromVersion = {FromVersion}, Length = {Content?.Length} }}";
}

internal static class RuleSetNames
{
    public static void CheckScheme(string scheme, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(scheme) || scheme.Length > SaveRuleSetVersion.MaxSchemeNameLength || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            errors.Add("scheme", "SchemeNameShape", $"A scheme name has at most {SaveRuleSetVersion.MaxSchemeNameLength} letters, digits, '-', '_' or '.'.", SaveRuleSetVersion.MaxSchemeNameLength);
    }
}

internal sealed class SaveRuleSetVersionHandler(AssessmentDbContext db, SchemeCatalog catalog, CurrentActor actor, AuditLog audit, TimeProvider clock)
    : IRequestHandler<SaveRuleSetVersion, RuleSetVersionDetail>
{
    public async ValueTask<RuleSetVersionDetail> Handle(SaveRuleSetVersion request, CancellationToken cancellationToken)
    {
        var content = request.Content;
        var note = request.Note;
        if (request.FromVersion is { } from)
        {
            var source = await db.FindAsync(request.Scheme, from, tracked: false, cancellationToken);
            content = source.Content;
            note ??= $"copy of v{source.Number}";
        }

        var numbers = await db.RuleSetVersions.Where(v => v.SchemeName == request.Scheme).Select(v => v.Number).ToListAsync(cancellationToken);
        var number = numbers.Count == 0 ? 1 : numbers.Max() + 1;
        var fileName = $"{request.Scheme} v{number}";
        var check = catalog.CheckEverything(content!, fileName);
        if (check.SchemeName is { } workflowName && !string.Equals(workflowName, request.Scheme, StringComparison.Ordinal))
            throw new ValidationException("content", "WorkflowNameMismatch", $"The file's WorkflowName is '{workflowName}'; a version of '{request.Scheme}' must be named '{request.Scheme}'.", workflowName, request.Scheme);

        var version = RuleSetVersion.Save(request.Scheme, number, RuleSetVersions.HashOf(check, content!), content!, check.ErrorCount, actor.Name, clock.GetUtcNow(), note);
        db.RuleSetVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (scheme, number) index: someone saved the same number between our look-up and our insert.
            throw new ConflictException("VersionNumberRace", $"Another version {number} of '{request.Scheme}' was saved at the same moment; save again to get the next number.", number, request.Scheme);
        }
        var view = version.ToView();
        audit.Concerning(null).Describe(nameof(RuleSetVersion), version.Id, before: null, after: view);
        return version.ToDetail(check);
    }
}
