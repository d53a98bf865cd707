using System.Globalization;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Web.Features.RuleSets;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Rules;

/// <summary>
/// An engine diagnostic in the reader's language: its message id looked up as "Diagnostic.{MessageId}" and filled with the
/// diagnostic's arguments, after the part of the rule it is about ("Diagnostic.Part.Points"); a finding without an id, or
/// whose arguments do not fit its text, keeps the engine's English message (ADR 29).
/// </summary>
public static class DiagnosticTexts
{
    public const string Prefix = "Diagnostic.";

    /// <summary>The message to show and whether it is in the reader's language (false: the engine's English).</summary>
    public static (string Text, bool Translated) Text(IStringLocalizer t, DiagnosticView diagnostic)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(diagnostic);
        if (Say(t, diagnostic.MessageId, diagnostic.Arguments ?? []) is not { } sentence)
            return (diagnostic.Message, false);
        if (diagnostic.PartId is null)
            return (sentence, true);
        if (Say(t, diagnostic.PartId, diagnostic.PartName is null ? [] : [diagnostic.PartName]) is not { } part)
            return (diagnostic.Message, false);
        return (t[Prefix + "WithPart", part, sentence].Value, true);
    }

    /// <summary>The findings with <see cref="DiagnosticView.Text"/> set in the current UI culture.</summary>
    public static IReadOnlyList<DiagnosticView> Worded(IStringLocalizer t, IReadOnlyList<DiagnosticView> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return [.. diagnostics.Select(d => d with { Text = Text(t, d).Text })];
    }

    private static string? Say(IStringLocalizer t, string id, IReadOnlyList<string> arguments)
    {
        if (string.IsNullOrEmpty(id))
            return null;
        var template = t[Prefix + id];
        if (template.ResourceNotFound || DiagnosticMessage.Placeholders(template.Value).Any(i => i >= arguments.Count))
            return null;
        return string.Format(CultureInfo.CurrentCulture, template.Value, [.. arguments]);
    }
}

/// <summary>Words the API's findings for the reader named by the request: the pages' language cookie, else Accept-Language, else 简体中文.</summary>
internal sealed class DiagnosticWording(IHttpContextAccessor http, IStringLocalizer<SharedResource> t) : IDiagnosticWording
{
    public IReadOnlyList<DiagnosticView> ForReader(IReadOnlyList<DiagnosticView> diagnostics)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = http.HttpContext is { } context ? ReaderLanguage.ReaderCulture(context.Request) : PagesSetup.Cultures[0];
        try
        {
            return DiagnosticTexts.Worded(t, diagnostics);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
