using System.Text.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.RuleSets;

public enum DryRunStatus
{
    Queued = 1,
    Running = 2,
    Completed = 3,
    Failed = 4,
}

/// <summary>What a running dry run is doing: scoring brigade after brigade, ranking with squads and outcomes, comparing.</summary>
public enum DryRunStage
{
    Queued = 1,
    Scoring = 2,
    Ranking = 3,
    Comparing = 4,
    Done = 5,
}

/// <summary>
/// A dry run of a rule version on a past period, evaluated by a background job (ADR 27). Its row holds the state and
/// progress any node reports, and once completed the report, computed for the scope of whoever started it.
/// </summary>
public sealed class DryRun
{
    public Guid Id { get; set; }
    public string SchemeName { get; set; } = string.Empty;
    public int VersionNumber { get; set; }
    public AssessmentPeriod Period { get; set; }

    /// <summary>Root of the starter's unit scope; null is the whole detachment. The report lists only subjects under it.</summary>
    public long? UnitId { get; set; }

    public DryRunStatus Status { get; set; } = DryRunStatus.Queued;
    public DryRunStage Stage { get; set; } = DryRunStage.Queued;
    public int BrigadesDone { get; set; }
    public int BrigadesTotal { get; set; }
    public int SubjectsDone { get; set; }
    public int SubjectsTotal { get; set; }
    public string StartedBy { get; set; } = string.Empty;
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Node { get; set; }

    /// <summary>Why a failed dry run failed, as <see cref="DryRunFailure"/> JSON (a coded reason, never the exception's text).</summary>
    public string? Error { get; set; }
    public string? ReportJson { get; set; }

    public bool IsFinished => Status is DryRunStatus.Completed or DryRunStatus.Failed;
}

/// <summary>A dry run as the API and the page show it: state, progress and, once completed, the report.</summary>
public sealed record DryRunView(
    Guid Id,
    string Scheme,
    int Number,
    string Period,
    DryRunStatus Status,
    DryRunStage Stage,
    int BrigadesDone,
    int BrigadesTotal,
    int SubjectsDone,
    int SubjectsTotal,
    string StartedBy,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    DryRunReport? Report)
{
    /// <summary>The failure's code ("Refusal.{code}" on the pages); <see cref="Error"/> is its English text, for programs.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The failure's reason in the reader's language; the API fills it for its reader, pages say <see cref="Failure"/> themselves.</summary>
    public string? ErrorMessage { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public CodedMessage? Failure { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRunning => Status is DryRunStatus.Queued or DryRunStatus.Running;

    public static DryRunView Of(DryRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var failure = DryRunFailure.Read(run.Error);
        return new(run.Id, run.SchemeName, run.VersionNumber, run.Period.Key, run.Status, run.Stage, run.BrigadesDone, run.BrigadesTotal, run.SubjectsDone, run.SubjectsTotal,
            run.StartedBy, run.QueuedAt, run.StartedAt, run.FinishedAt, failure?.Text, run.ReportJson is { } json ? JsonSerializer.Deserialize<DryRunReport>(json, Json) : null)
        {
            ErrorCode = failure?.Code,
            Failure = failure,
        };
    }

    public static string Serialize(DryRunReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Where the API answers for this dry run.</summary>
    public static string Location(string scheme, int number, Guid id) =>
        FormattableString.Invariant($"/api/rulesets/{Uri.EscapeDataString(scheme)}/versions/{number}/dry-runs/{id}");
}

/// <summary>
/// Why a dry run failed, stored in its row: a refusal's code and arguments when the domain refused, else "DryRunFailed"
/// naming the dry run (the exception itself goes to the log only, ADR 27).
/// </summary>
public static partial class DryRunFailure
{
    public const string UnexpectedCode = "DryRunFailed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(Guid dryRunId, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = failure.GetBaseException() is Domain.DomainException refused
            ? new Stored(refused.Code, refused.Message, [.. refused.Arguments.Select(Text)])
            : new Stored(UnexpectedCode, $"The dry run stopped on an unexpected error; the server log has the details (dry run {dryRunId}).", [dryRunId.ToString()]);
        return JsonSerializer.Serialize(reason, Json);
    }

    /// <summary>The coded reason; a row written before reasons were coded holds plain text and reads as the unexpected failure.</summary>
    public static CodedMessage? Read(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
            return null;
        if (stored.StartsWith('{'))
        {
            try
            {
                if (JsonSerializer.Deserialize<Stored>(stored, Json) is { Code: { Length: > 0 } code, Text: { } text, Args: { } args })
                    return new CodedMessage(code, text, [.. args.Select(Argument)]);
            }
            catch (JsonException)
            {
                // Not a coded reason after all: read it as an old row's plain text below.
            }
        }
        return new CodedMessage("DryRunFailedBefore", "The dry run stopped; the server log has the details. Try again.", []);
    }

    /// <summary>An instant is stored in round-trip form and read back as one, so the reader sees it in Beijing time.</summary>
    private static object? Argument(string? stored) =>
        stored is not null && RoundTripInstant().IsMatch(stored)
            && DateTimeOffset.TryParseExact(stored, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant)
            ? instant
            : stored;

    private static string? Text(object? argument) => argument switch
    {
        null => null,
        DateTimeOffset instant => instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateTime { Kind: DateTimeKind.Utc } utc => new DateTimeOffset(utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => argument.ToString(),
    };

    private sealed record Stored(string Code, string Text, string?[] Args);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}(?:Z|[+-]\d{2}:\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex RoundTripInstant();
}

public static class DryRunTables
{
    extension(AssessmentDbContext db)
    {
        public DbSet<DryRun> DryRuns => db.Set<DryRun>();
    }
}

internal sealed class DryRunConfiguration : IEntityTypeConfiguration<DryRun>
{
    public void Configure(EntityTypeBuilder<DryRun> builder)
    {
        builder.ToTable("dry_runs");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.SchemeName).HasMaxLength(64);
        builder.Property(d => d.Period).HasMaxLength(16);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.Stage).HasMaxLength(16);
        builder.Property(d => d.StartedBy).HasMaxLength(128);
        builder.Property(d => d.Node).HasMaxLength(128);
        builder.Ignore(d => d.IsFinished);
        builder.HasIndex(d => new { d.SchemeName, d.VersionNumber });
    }
}
