using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// Reads enums by name (any case) and writes their names; an unknown name is refused with the names that are allowed,
/// never with the .NET type it could not be converted to.
/// </summary>
public sealed class EnumNamesConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    [SuppressMessage("Performance", "CA1812", Justification = "Created by CreateConverter through reflection.")]
    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (text is not null && !text.Any(char.IsDigit) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
                return value;
            var sent = text ?? reader.TokenType.ToString();
            var allowed = string.Join(", ", Enum.GetNames<T>());
            throw new UnknownNameException("UnknownName", $"'{sent}' is not one of {allowed}.", sent, allowed);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}

/// <summary>A JSON value that names nothing known; the message lists what is allowed.</summary>
#pragma warning disable CA1032 // Only the coded constructor exists, so the reader gets the allowed values in their language (ADR 33).
public sealed class UnknownNameException : JsonException, ICodedFailure
#pragma warning restore CA1032
{
    public UnknownNameException(string code, string message, params object?[] args)
        : base(message) => Said = new CodedMessage(code, message, args);

    public CodedMessage Said { get; }
}
