using AssessmentEngine.Domain;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
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
            var text = t["Refusal." + code, [.. message.Args.Select(a => Shown(t, a) ?? "")]];
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

    /// <summary>What a failed request says to the reader of a page: a coded failure's words, else null (the caller decides).</summary>
    public static string? Text(IStringLocalizer t, Exception failure) => failure switch
    {
        DomainException refused => Text(t, refused),
        ICodedFailure coded => Text(t, coded.Said),
        ValidationException invalid => Text(t, invalid),
        _ => null,
    };

    /// <summary>Every error of <paramref name="invalid"/>, one after the other.</summary>
    public static string Text(IStringLocalizer t, ValidationException invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        return string.Join(" ", invalid.Coded.Values.SelectMany(v => v).Select(m => Text(t, m)));
    }

    /// <summary>Instants in Beijing time, as everywhere on the pages; roles by their names in the reader's language; everything else as it is.</summary>
    private static object? Shown(IStringLocalizer t, object? argument) => argument switch
    {
        Role role => t["Role." + role].Value,
        IEnumerable<Role> roles => string.Join(t["Refusal.ListSeparator"].Value, roles.Select(r => t["Role." + r].Value)),
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
