using System.Globalization;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AssessmentEngine.Web.Features.Ingestion;

public enum FieldType
{
    Text,
    Integer,
    Number,
    Boolean,
    Instant,
    Date,
    Period,
}

/// <summary>One field of an ingestible fact: its name in JSON and in a CSV header, its type, and whether a row must carry it.</summary>
public sealed record FactField(string Name, FieldType Type, bool Required, string Description, int MaxLength = 0)
{
    /// <summary>Turns the text of a field (a CSV cell or a JSON scalar) into its typed value, or says why it cannot.</summary>
    public bool TryParse(string? text, out object? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            if (Required) error = $"'{Name}' is required.";
            return error is null;
        }
        switch (Type)
        {
            case FieldType.Text:
                if (MaxLength > 0 && text.Length > MaxLength)
                    error = $"'{Name}' has {text.Length} characters; at most {MaxLength} are allowed.";
                value = text;
                break;
            case FieldType.Integer:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) value = integer;
                else error = $"'{Name}' must be a whole number.";
                break;
            case FieldType.Number:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)) value = number;
                else error = $"'{Name}' must be a number like 2.5.";
                break;
            case FieldType.Boolean:
                value = text.ToUpperInvariant() switch
                {
                    "TRUE" or "1" => true,
                    "FALSE" or "0" => false,
                    _ => null,
                };
                if (value is null) error = $"'{Name}' must be true or false (or 1 or 0).";
                break;
            case FieldType.Instant:
                // An instant without an offset would depend on the sender's clock zone: refuse it rather than guess.
                if (HasOffset(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)) value = instant.ToUniversalTime();
                else error = $"'{Name}' must be an ISO 8601 instant with an offset, like 2026-10-05T08:30:00+08:00.";
                break;
            case FieldType.Date:
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) value = date;
                else error = $"'{Name}' must be a date like 2026-10-05.";
                break;
            case FieldType.Period:
                if (AssessmentPeriod.TryParse(text, CultureInfo.InvariantCulture, out var period)) value = period;
                else error = $"'{Name}' must be a month like 2026-10 or a quarter like 2026-Q4.";
                break;
        }
        return error is null;
    }

    private static bool HasOffset(string text)
    {
        var time = text.IndexOfAny(['T', 't', ' ']);
        return time > 0 && text.AsSpan(time).IndexOfAny("Zz+-") >= 0;
    }
}

/// <summary>The typed values of one row, by field name, for a kind's constructor call.</summary>
public sealed class FieldValues(FactKind kind, object?[] values)
{
    public object? this[string name] => values[kind.IndexOf(name)];

    public string Text(string name) => (string)this[name]!;

    public string? TextOrNull(string name) => (string?)this[name];

    public long Integer(string name) => (long)this[name]!;

    public long? IntegerOrNull(string name) => (long?)this[name];

    public double Number(string name) => (double)this[name]!;

    public double? NumberOrNull(string name) => (double?)this[name];

    public bool Boolean(string name) => (bool)this[name]!;

    public DateTimeOffset Instant(string name) => (DateTimeOffset)this[name]!;

    public DateTimeOffset? InstantOrNull(string name) => (DateTimeOffset?)this[name];

    public DateOnly Date(string name) => (DateOnly)this[name]!;

    public AssessmentPeriod Period(string name) => (AssessmentPeriod)this[name]!;

    public string ExternalId => Text(FactKind.ExternalIdField);

    public long OfficerId => Integer(FactKind.OfficerIdField);
}

/// <summary>
/// An ingestible kind of fact: its fields (one description drives JSON and CSV parsing, the error messages and the
/// docs) and how a row becomes a domain entity through its constructor, so the domain's rules become row errors.
/// </summary>
public abstract class FactKind
{
    public const string ExternalIdField = "externalId";
    public const string OfficerIdField = "officerId";
    public const string UnitIdField = "unitId";

    private readonly Dictionary<string, int> _index;

    protected FactKind(string name, string description, IReadOnlyList<FactField> fields)
    {
        Name = name;
        Description = description;
        Fields = [new FactField(ExternalIdField, FieldType.Text, true, "The sending system's key of the record; re-sending it is idempotent.", 128), .. fields];
        _index = Fields.Select((f, i) => (f.Name, i)).ToDictionary(f => f.Name, f => f.i, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The name in the URL: /api/ingest/{name}.</summary>
    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<FactField> Fields { get; }

    public abstract Type EntityType { get; }

    /// <summary>The field's position, or -1; names match case-insensitively.</summary>
    public int IndexOf(string field) => _index.TryGetValue(field.Trim(), out var i) ? i : -1;

    public bool Has(string field) => _index.ContainsKey(field);

    /// <summary>Builds the entity; throws <see cref="Domain.DomainException"/> when the domain refuses the values.</summary>
    public abstract DutyFact Build(FieldValues values);

    internal abstract Task<Dictionary<string, DutyFact>> StoredAsync(Persistence.AssessmentDbContext db, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken);

    internal abstract Task StageAsync(Persistence.BulkInserter bulk, IReadOnlyList<DutyFact> rows, string table, CancellationToken cancellationToken);

    /// <summary>Whether a stored record holds the same values as a re-sent one (everything but the store's id), compared as stored.</summary>
    internal static bool SameContent(IEntityType entity, DutyFact stored, DutyFact sent)
    {
        foreach (var property in entity.GetProperties())
        {
            if (property.IsPrimaryKey())
                continue;
            var getter = property.GetGetter();
            var converter = property.GetTypeMapping().Converter;
            object? a = getter.GetClrValueUsingContainingEntity(stored), b = getter.GetClrValueUsingContainingEntity(sent);
            if (converter is not null)
            {
                a = a is null ? null : converter.ConvertToProvider(a);
                b = b is null ? null : converter.ConvertToProvider(b);
            }
            if (!Equals(a, b))
                return false;
        }
        return true;
    }
}

internal sealed class FactKind<TFact>(string name, string description, IReadOnlyList<FactField> fields, Func<FieldValues, TFact> build)
    : FactKind(name, description, fields)
    where TFact : DutyFact
{
    public override Type EntityType => typeof(TFact);

    public override DutyFact Build(FieldValues values) => build(values);

    internal override async Task<Dictionary<string, DutyFact>> StoredAsync(Persistence.AssessmentDbContext db, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken) =>
        await db.Set<TFact>().AsNoTracking().Where(f => externalIds.Contains(f.ExternalId))
            .ToDictionaryAsync(f => f.ExternalId, f => (DutyFact)f, StringComparer.Ordinal, cancellationToken);

    internal override async Task StageAsync(Persistence.BulkInserter bulk, IReadOnlyList<DutyFact> rows, string table, CancellationToken cancellationToken) =>
        await bulk.InsertAsync(rows.Cast<TFact>(), table, cancellationToken);
}

/// <summary>Every kind of fact another system may send. Manual adjustments are not here: they come from upheld appeals only.</summary>
public static class FactKinds
{
    private const string Officer = "The officer's id in this system.";

    public static IReadOnlyList<FactKind> All { get; } =
    [
        new FactKind<EnforcementAction>("enforcement-actions", "Enforcement actions with their bodycam footage and penalty decision.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, true, Officer),
            new("code", FieldType.Text, true, "parking, helmet, speeding, drunk, drunk_severe, warning, other …", 32),
            new("occurredAt", FieldType.Instant, true, "When the action took place."),
            new("hasFootage", FieldType.Boolean, true, "Whether bodycam footage was recorded."),
            new("uploadDelayHours", FieldType.Number, false, "Hours from the action to the footage upload; empty without footage."),
            new("penaltyIssued", FieldType.Boolean, true, "Whether a penalty decision was issued."),
            new("penaltyDecisionNumber", FieldType.Text, false, "The decision's number; only with a penalty.", 64),
        ],
        v => new EnforcementAction(0, v.OfficerId, v.ExternalId, v.Text("code"), v.Instant("occurredAt"), v.Boolean("hasFootage"),
            v.NumberOrNull("uploadDelayHours"), v.Boolean("penaltyIssued"), v.TextOrNull("penaltyDecisionNumber"))),

        new FactKind<Case>("cases", "Administrative, accident and criminal cases with their legal deadline.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, true, Officer),
            new("kind", FieldType.Text, true, "admin, accident or criminal.", 16),
            new("acceptedAt", FieldType.Instant, true, "When the case was accepted."),
            new("deadlineAt", FieldType.Instant, false, "The legal deadline; empty: the kind's limit (admin 15, accident 10, criminal 30 days)."),
            new("closedAt", FieldType.Instant, false, "When the case was closed; empty while open."),
        ],
        v =>
        {
            if (v.InstantOrNull("deadlineAt") is { } deadline)
                return new Case(0, v.OfficerId, v.ExternalId, v.Text("kind"), v.Instant("acceptedAt"), deadline, v.InstantOrNull("closedAt"));
            var accepted = Case.Accept(0, v.OfficerId, v.ExternalId, v.Text("kind"), v.Instant("acceptedAt"));
            if (v.InstantOrNull("closedAt") is { } closed)
                accepted.Close(closed);
            return accepted;
        }),

        new FactKind<AttendanceDay>("attendance-days", "One officer's attendance on one day.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, true, Officer),
            new("day", FieldType.Date, true, "The day, as a date."),
            new("status", FieldType.Text, true, "present, late, early, absent or leave.", 16),
            new("minutesLate", FieldType.Integer, false, "Minutes late (late) or left early (early); empty: 0."),
        ],
        v => new AttendanceDay(0, v.OfficerId, v.ExternalId, v.Date("day"), v.Text("status"), checked((int)(v.IntegerOrNull("minutesLate") ?? 0)))),

        new FactKind<Shift>("shifts", "Duty shifts on a post, signed in or not, and whether the officer was found off the post.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, true, Officer),
            new("post", FieldType.Text, true, "The post of the shift.", 16),
            new("start", FieldType.Instant, true, "When the shift started."),
            new("hours", FieldType.Number, true, "Length in hours, more than 0 and at most 24."),
            new("signedIn", FieldType.Boolean, true, "Whether the officer signed in."),
            new("offPost", FieldType.Boolean, true, "Found away from the post (脱岗)."),
        ],
        v => new Shift(0, v.OfficerId, v.ExternalId, v.Text("post"), v.Instant("start"), v.Number("hours"), v.Boolean("signedIn"), v.Boolean("offPost"))),

        new FactKind<DisciplineIncident>("discipline-incidents", "Discipline findings (督察), reported, verified or dismissed.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, true, Officer),
            new("code", FieldType.Text, true, "uniform, off_post, notice, order_not_executed, drinking …", 32),
            new("occurredAt", FieldType.Instant, true, "When it happened."),
            new("status", FieldType.Text, false, "reported (default), verified or dismissed.", 16),
            new("dismissalReason", FieldType.Text, false, "Required when dismissed.", 1000),
        ],
        v =>
        {
            var incident = new DisciplineIncident(0, v.OfficerId, v.ExternalId, v.Text("code"), v.Instant("occurredAt"));
            switch (v.TextOrNull("status") ?? "reported")
            {
                case "reported":
                    if (v.TextOrNull("dismissalReason") is not null)
                        throw new Domain.DomainException("ReportedIncidentWithReason", $"Incident {v.ExternalId} is reported, so it has no dismissal reason.", v.ExternalId);
                    break;
                case "verified": incident.Verify(); break;
                case "dismissed": incident.Dismiss(v.TextOrNull("dismissalReason") ?? ""); break;
                case var other: throw new Domain.DomainException("UnknownIncidentStatus", $"Unknown incident status '{other}'; expected reported, verified or dismissed.", other);
            }
            return incident;
        }),

        new FactKind<Complaint>("complaints", "Complaints against officers, open, verified (查实) or unfounded.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, true, Officer),
            new("receivedAt", FieldType.Instant, true, "When the complaint was received."),
            new("status", FieldType.Text, false, "open (default), verified or unfounded.", 16),
            new("finding", FieldType.Text, false, "The finding; required when verified or unfounded.", 2000),
        ],
        v =>
        {
            var complaint = new Complaint(0, v.OfficerId, v.ExternalId, v.Instant("receivedAt"));
            switch (v.TextOrNull("status") ?? "open")
            {
                case "open":
                    if (v.TextOrNull("finding") is not null)
                        throw new Domain.DomainException("OpenComplaintWithFinding", $"Complaint {v.ExternalId} is open, so it has no finding yet.", v.ExternalId);
                    break;
                case "verified": complaint.Verify(v.TextOrNull("finding") ?? ""); break;
                case "unfounded": complaint.MarkUnfounded(v.TextOrNull("finding") ?? ""); break;
                case var other: throw new Domain.DomainException("UnknownComplaintStatus", $"Unknown complaint status '{other}'; expected open, verified or unfounded.", other);
            }
            return complaint;
        }),

        new FactKind<Commendation>("commendations", "Commendations and awards.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, true, Officer),
            new("level", FieldType.Text, true, "letter, notice, award, merit3 or merit2.", 16),
            new("awardedAt", FieldType.Instant, true, "When it was awarded."),
        ],
        v => new Commendation(0, v.OfficerId, v.ExternalId, v.Text("level"), v.Instant("awardedAt"))),

        new FactKind<TrainingResult>("training-results", "Training and examination results.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, true, Officer),
            new("name", FieldType.Text, true, "The training or exam.", 128),
            new("takenAt", FieldType.Instant, true, "When it was taken."),
            new("score", FieldType.Number, true, "The score, not negative."),
            new("passed", FieldType.Boolean, true, "Whether it was passed."),
        ],
        v => new TrainingResult(0, v.OfficerId, v.ExternalId, v.Text("name"), v.Instant("takenAt"), v.Number("score"), v.Boolean("passed"))),

        new FactKind<ImportedIndicator>("imported-indicators", "A value from another supervision system about one officer or one unit for one period.",
        [
            new(FactKind.OfficerIdField, FieldType.Integer, false, "The officer; exactly one of officerId and unitId."),
            new(FactKind.UnitIdField, FieldType.Integer, false, "The unit; exactly one of officerId and unitId."),
            new("period", FieldType.Period, true, "The period the value is about: 2026-10 or 2026-Q4."),
            new("name", FieldType.Text, true, "The indicator's name, as rules refer to it.", 64),
            new("value", FieldType.Number, true, "A finite number."),
            new("importedAt", FieldType.Instant, true, "When the source system produced the value."),
        ],
        v => (v.IntegerOrNull(FactKind.OfficerIdField), v.IntegerOrNull(FactKind.UnitIdField)) switch
        {
            ({ } officer, null) => ImportedIndicator.ForOfficer(0, v.ExternalId, officer, v.Period("period"), v.Text("name"), v.Number("value"), v.Instant("importedAt")),
            (null, { } unit) => ImportedIndicator.ForUnit(0, v.ExternalId, unit, v.Period("period"), v.Text("name"), v.Number("value"), v.Instant("importedAt")),
            _ => throw new Domain.DomainException("IndicatorSubject", "An indicator is about exactly one officer or one unit: give officerId or unitId, not both."),
        }),
    ];

    public static FactKind? Find(string? name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
}
