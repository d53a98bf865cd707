using AssessmentEngine.Web.Features.RuleSets;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages.Rules;

/// <summary>
/// An engine diagnostic in the reader's language: its code looked up as "Diagnostic.{Code}" and filled with the diagnostic's
/// arguments; a code without words yet (or without arguments to fill them) keeps the engine's English message (ADR 23).
/// </summary>
public static class DiagnosticTexts
{
    /// <summary>The codes that have words in both languages; rule-editor.js formats the live check's answers with them.</summary>
    public static readonly string[] Coded = ["RE0103", "RE0301", "RE0400", "RE0401"];

    /// <summary>The message to show and whether it is in the reader's language (false: the engine's English).</summary>
    public static (string Text, bool Translated) Text(IStringLocalizer t, DiagnosticView diagnostic)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(diagnostic);
        if (diagnostic.Arguments is { Count: > 0 } arguments && Coded.Contains(diagnostic.Code))
        {
            var text = t["Diagnostic." + diagnostic.Code, [.. arguments]];
            if (!text.ResourceNotFound)
                return (text.Value, true);
        }
        return (diagnostic.Message, false);
    }

    /// <summary>The unformatted texts of <see cref="Coded"/>, for the page's script.</summary>
    public static IReadOnlyDictionary<string, string> Templates(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Coded.ToDictionary(code => code, code => t["Diagnostic." + code].Value);
    }
}
