using AssessmentEngine.Domain;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Pages;

/// <summary>
/// Shows a request's refusal in the reader's language: a coded message is looked up as "Refusal.{Code}" and filled with its
/// arguments; a message without a code (or a code without a text yet) shows the request's own English text (ADR 23).
/// </summary>
public static class Refusals
{
    public static string Text(IStringLocalizer t, CodedMessage message)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Code is { } code)
        {
            var text = t["Refusal." + code, [.. message.Args.Select(a => Shown(a) ?? "")]];
            if (!text.ResourceNotFound)
                return text.Value;
        }
        return message.Text;
    }

    public static string Text(IStringLocalizer t, DomainException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return Text(t, new CodedMessage(refused.Code, refused.Message, refused.Arguments));
    }

    /// <summary>Instants in Beijing time, as everywhere on the pages; everything else as it is.</summary>
    private static object? Shown(object? argument) => argument switch
    {
        DateTimeOffset instant => LocalTime.Format(instant),
        DateTime { Kind: DateTimeKind.Utc or DateTimeKind.Unspecified } utc => LocalTime.Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))),
        _ => argument,
    };

    /// <summary>Adds every error of <paramref name="invalid"/> to the form, each on its field (<paramref name="fieldId"/> maps a request field to the input's id).</summary>
    public static void AddTo(ModelStateDictionary state, IStringLocalizer t, ValidationException invalid, Func<string, string>? fieldId = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(invalid);
        foreach (var (field, messages) in invalid.Coded)
        {
            foreach (var message in messages)
                state.AddModelError(fieldId?.Invoke(field) ?? field, Text(t, message));
        }
    }
}
