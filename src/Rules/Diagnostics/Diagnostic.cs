namespace AssessmentEngine.Rules.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>
/// A finding about a rule file, written for the inspectors who author rules: it names the file, workflow, rule and
/// expression, the 1-based column inside the expression and, where known, the line and column in the file.
/// </summary>
public sealed record Diagnostic
{
    public DiagnosticSeverity Severity { get; init; } = DiagnosticSeverity.Error;
    public required string Code { get; init; }

    /// <summary>The English sentence, for the CLI and the logs; pages say it in their language by <see cref="MessageId"/>.</summary>
    public required string Message { get; init; }

    /// <summary>Which sentence of <see cref="DiagnosticMessages"/> this is ("RE0201.UnknownMember"); empty for a finding made outside the engine.</summary>
    public string MessageId { get; init; } = "";

    /// <summary>The values the sentence is made of, in order, as invariant text, so a page can say the same in another language.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The part of the rule the finding is about when the sentence is prefixed with it ("Points: …").</summary>
    public DiagnosticPart? Part { get; init; }
    public string? File { get; init; }
    public string? Workflow { get; init; }
    public string? Rule { get; init; }
    public string? Expression { get; init; }

    /// <summary>1-based column inside <see cref="Expression"/>; 0 when the finding is not about a position.</summary>
    public int ExpressionColumn { get; init; }

    /// <summary>1-based line in the file; 0 when unknown.</summary>
    public int Line { get; init; }

    /// <summary>1-based column in the file; 0 when unknown.</summary>
    public int Column { get; init; }

    /// <summary>Equal when every field is, the arguments compared item by item: a finding found by two passes is reported once.</summary>
    public bool Equals(Diagnostic? other) =>
        other is not null && Severity == other.Severity && Code == other.Code && Message == other.Message && MessageId == other.MessageId
        && Arguments.SequenceEqual(other.Arguments) && Equals(Part, other.Part) && File == other.File && Workflow == other.Workflow
        && Rule == other.Rule && Expression == other.Expression && ExpressionColumn == other.ExpressionColumn && Line == other.Line && Column == other.Column;

    public override int GetHashCode() => HashCode.Combine(Code, Message, File, Rule, Expression, ExpressionColumn, Line, Column);

    public override string ToString()
    {
        var where = File is null ? "" : Line > 0 ? $"{File}({Line},{Column}): " : $"{File}: ";
        var scope = string.Join(" / ", new[] { Workflow, Rule }.Where(s => !string.IsNullOrEmpty(s)));
        var at = ExpressionColumn > 0 ? $" at column {ExpressionColumn} of `{Expression}`" : Expression is null ? "" : $" in `{Expression}`";
        return $"{where}{Severity.ToString().ToLowerInvariant()} {Code}: {(scope.Length > 0 ? scope + ": " : "")}{Message}{at}";
    }
}

/// <summary>Codes are stable so tools and tests can match on them.</summary>
public static class DiagnosticCodes
{
    public const string JsonSyntax = "RE0001";
    public const string MissingField = "RE0002";
    public const string InvalidField = "RE0003";
    public const string DuplicateName = "RE0004";
    public const string UnknownWorkflow = "RE0005";
    public const string Syntax = "RE0100";
    public const string TooLong = "RE0101";
    public const string TooDeep = "RE0102";

    /// <summary>A workflow has more rules or parameters than the limit. Arguments: what, count, limit.</summary>
    public const string TooMany = "RE0103";
    public const string UnknownName = "RE0200";
    public const string UnknownMember = "RE0201";
    public const string NotAllowed = "RE0202";
    public const string TypeMismatch = "RE0203";
    public const string NoOverload = "RE0204";
    public const string Scoring = "RE0300";

    /// <summary>Points grow with a count of enforcement actions, fines or penalties and neither the rule nor its category has a Cap. Arguments: rule, counted name.</summary>
    public const string QuotaRisk = "RE0301";

    /// <summary>Microsoft RulesEngine refuses an expression our engine accepts. Arguments: where, RulesEngine's message.</summary>
    public const string NotPortable = "RE0400";

    /// <summary>Microsoft RulesEngine gives an expression another type than our engine does. Arguments: where, our type, its type.</summary>
    public const string TypedDifferently = "RE0401";
}

/// <summary>Builds findings from the messages of <see cref="DiagnosticMessages"/>: code, id, English sentence and arguments agree by construction.</summary>
public static class DiagnosticFactory
{
    /// <summary>A finding saying <paramref name="message"/> with <paramref name="arguments"/>, after its <paramref name="part"/> when given; place it with `with { … }`.</summary>
    public static Diagnostic SayAbout(this DiagnosticMessage message, DiagnosticPart? part, params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(arguments);
        var sentence = message.Format(arguments);
        return new Diagnostic
        {
            Code = message.Code,
            MessageId = message.Id,
            Message = part is null ? sentence : $"{part.English}: {sentence}",
            Arguments = DiagnosticMessage.Neutral(arguments),
            Part = part,
        };
    }

    public static Diagnostic Say(this DiagnosticMessage message, params object?[] arguments) => message.SayAbout(null, arguments);
}
