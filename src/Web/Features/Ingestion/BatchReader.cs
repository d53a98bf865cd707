using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AssessmentEngine.Web.Features.Ingestion;

/// <summary>One problem with a batch: the row (see the batch's row numbering), the field, the value sent and why it is refused.</summary>
public sealed record RowError(long Row, string? Field, string? Value, string Message)
{
    /// <summary>The domain refusal's code, when the domain refused the row; <see cref="Message"/> stays its English text.</summary>
    public string? Code { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<object?> Arguments { get; init; } = [];

    /// <summary>A coded error in the reader's language; the API fills it for its reader.</summary>
    public string? Text { get; init; }

    public static RowError Of(long row, string? field, string? value, string message) =>
        new(row, field, value is { Length: > 100 } ? value[..100] + "…" : value, message);
}

/// <summary>A row as sent: the text of each of the kind's fields (null when absent) and problems found while reading it.</summary>
public sealed record RawRow(long Number, string?[] Values, IReadOnlyList<RowError> Errors);

/// <summary>Reads the rows of a batch from a request body, one at a time, in the fields of a <see cref="FactKind"/>.</summary>
public abstract class BatchReader
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";

    /// <summary>How the rows are numbered, as the response says it.</summary>
    public abstract string RowNumbering { get; }

    /// <summary>Checks what comes before the rows (a CSV header); errors here refuse the batch before any row is read.</summary>
    public abstract ValueTask<IReadOnlyList<RowError>> StartAsync(CancellationToken cancellationToken);

    public abstract IAsyncEnumerable<RawRow> RowsAsync(CancellationToken cancellationToken);

    /// <summary>A reader for the media type, or null when the type is not supported.</summary>
    public static BatchReader? For(string? contentType, FactKind kind, Stream body)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        if (string.Equals(mediaType, Csv, StringComparison.OrdinalIgnoreCase))
            return new CsvBatchReader(kind, body);
        if (string.Equals(mediaType, Json, StringComparison.OrdinalIgnoreCase))
            return new JsonBatchReader(kind, body);
        return null;
    }
}

/// <summary>A CSV batch: a header row naming the fields (any order, case-insensitive), then one record per row.</summary>
internal sealed class CsvBatchReader(FactKind kind, Stream body) : BatchReader
{
    private readonly CsvRecordReader _records = new(body);
    private int[] _fieldOfColumn = [];

    public override string RowNumbering => "CSV record number: the header is row 1, the first data row is row 2";

    public override async ValueTask<IReadOnlyList<RowError>> StartAsync(CancellationToken cancellationToken)
    {
        var header = await _records.ReadAsync(cancellationToken);
        if (header is null)
            return [RowError.Of(1, null, null, "The file is empty: the first row must name the fields.")];
        var errors = new List<RowError>();
        if (_records.Problem is { } problem)
            errors.Add(RowError.Of(1, null, null, $"The header row is malformed: {problem}."));
        _fieldOfColumn = new int[header.Count];
        var seen = new HashSet<int>();
        for (var column = 0; column < header.Count; column++)
        {
            var name = header[column].Trim();
            var field = kind.IndexOf(name);
            _fieldOfColumn[column] = field;
            if (field < 0)
                errors.Add(RowError.Of(1, name, null, $"Unknown column '{name}' for {kind.Name}; the fields are {string.Join(", ", kind.Fields.Select(f => f.Name))}."));
            else if (!seen.Add(field))
                errors.Add(RowError.Of(1, name, null, $"The column '{name}' appears twice."));
        }
        foreach (var missing in kind.Fields.Where((f, i) => f.Required && !seen.Contains(i)))
            errors.Add(RowError.Of(1, missing.Name, null, $"The required column '{missing.Name}' is missing."));
        return errors;
    }

    public override async IAsyncEnumerable<RawRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _records.ReadAsync(cancellationToken) is { } record)
        {
            if (record is [""])
                continue; // a blank line
            var values = new string?[kind.Fields.Count];
            var errors = new List<RowError>();
            if (_records.Problem is { } problem)
                errors.Add(RowError.Of(_records.RecordNumber, null, null, $"The row is malformed: {problem}."));
            if (record.Count != _fieldOfColumn.Length)
                errors.Add(RowError.Of(_records.RecordNumber, null, null, $"The row has {record.Count} fields; the header has {_fieldOfColumn.Length}."));
            for (var column = 0; column < Math.Min(record.Count, _fieldOfColumn.Length); column++)
                values[_fieldOfColumn[column]] = record[column].Length == 0 ? null : record[column];
            yield return new RawRow(_records.RecordNumber, values, errors);
        }
    }
}

/// <summary>A JSON batch: an array of objects whose properties are the fields; read element by element, never as a whole.</summary>
internal sealed class JsonBatchReader(FactKind kind, Stream body) : BatchReader
{
    public override string RowNumbering => "JSON array index, from 0";

    public override ValueTask<IReadOnlyList<RowError>> StartAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<RowError>>([]);

    /// <summary>
    /// Hands each element on as soon as its last byte has arrived, so that a syntax error is reported at the index of the
    /// element it is in (the rows before it have all been read), not at wherever a deserializer's read-ahead buffer ended.
    /// </summary>
    public override async IAsyncEnumerable<RawRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var scanner = new ArrayScanner();
        var buffer = new byte[64 * 1024];
        var filled = 0;
        var final = false;
        long index = -1;
        while (!scanner.Ended)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2); // one element larger than the buffer
            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            final = read == 0;
            filled += read;
            var (consumed, elements, error) = scanner.Scan(buffer.AsSpan(0, filled), final);
            foreach (var element in elements)
            {
                index++;
                yield return Read(kind, index, element);
            }
            if (error is not null)
                throw error; // after the complete elements before it, so the caller counts them
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            if (final && !scanner.Ended)
                throw new JsonException(scanner.Started ? "The JSON array is not closed: the body ended inside it." : "The body is empty; send a JSON array of objects.");
        }
    }

    /// <summary>Reads the top-level array a chunk at a time, returning the elements complete so far and how many bytes they took.</summary>
    private sealed class ArrayScanner
    {
        private JsonReaderState _state;

        public bool Started { get; private set; }

        public bool Ended { get; private set; }

        public (int Consumed, List<JsonElement> Elements, JsonException? Error) Scan(ReadOnlySpan<byte> data, bool final)
        {
            var reader = new Utf8JsonReader(data, final, _state);
            var elements = new List<JsonElement>();
            var consumed = 0;
            try
            {
                ScanInto(ref reader, elements, ref consumed);
            }
            catch (JsonException malformed)
            {
                return (consumed, elements, malformed);
            }
            return (consumed, elements, null);
        }

        private void ScanInto(ref Utf8JsonReader reader, List<JsonElement> elements, ref int consumed)
        {
            while (!Ended)
            {
                var before = reader;
                if (!reader.Read())
                {
                    reader = before;
                    break;
                }
                if (!Started)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw new JsonException($"A JSON batch is an array of objects; the body starts with {reader.TokenType}.");
                    Started = true;
                }
                else if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Ended = true;
                }
                else
                {
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.IsFinalBlock)
                    {
                        var probe = reader;
                        if (!probe.TrySkip())
                        {
                            reader = before;
                            break; // the element's end has not arrived yet
                        }
                    }
                    elements.Add(JsonElement.ParseValue(ref reader));
                }
                consumed = (int)reader.BytesConsumed;
                _state = reader.CurrentState;
            }
        }
    }

    /// <summary>One JSON object as a row of <paramref name="kind"/>; shared with the connectors, whose pages carry the same objects.</summary>
    internal static RawRow Read(FactKind kind, long index, JsonElement element)
    {
        var values = new string?[kind.Fields.Count];
        var errors = new List<RowError>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(RowError.Of(index, null, null, $"Expected an object with the fields of {kind.Name}, found {element.ValueKind}."));
            return new RawRow(index, values, errors);
        }
        foreach (var property in element.EnumerateObject())
        {
            var field = kind.IndexOf(property.Name);
            if (field < 0)
            {
                errors.Add(RowError.Of(index, property.Name, null, $"Unknown field '{property.Name}' for {kind.Name}."));
                continue;
            }
            values[field] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => null,
                _ => Invalid(property.Name, property.Value.ValueKind),
            };
        }
        return new RawRow(index, values, errors);

        string? Invalid(string name, JsonValueKind valueKind)
        {
            errors.Add(RowError.Of(index, name, null, $"'{name}' must be a single value, not {valueKind}."));
            return null;
        }
    }
}

/// <summary>The items of one page a connector pulled, already parsed; numbered by their index in the page.</summary>
internal sealed class JsonItemsReader(FactKind kind, IReadOnlyList<JsonElement> items) : BatchReader
{
    public override string RowNumbering => "index in the page's items, from 0";

    public override ValueTask<IReadOnlyList<RowError>> StartAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<RowError>>([]);

#pragma warning disable CS1998 // An async iterator over items already in memory.
    public override async IAsyncEnumerable<RawRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
#pragma warning restore CS1998
    {
        for (var i = 0; i < items.Count; i++)
            yield return JsonBatchReader.Read(kind, i, items[i]);
    }
}
