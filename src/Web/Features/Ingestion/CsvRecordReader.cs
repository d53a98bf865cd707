using System.Text;

namespace AssessmentEngine.Web.Features.Ingestion;

/// <summary>
/// Reads RFC 4180 records one at a time from a stream, never holding more than one record and a fixed buffer: quoted
/// fields with embedded commas, line breaks and doubled quotes; CRLF or LF line ends; a UTF-8 byte order mark is skipped.
/// </summary>
#pragma warning disable CA1001 // The reader leaves the stream open (the request owns it) and holds nothing else to release.
public sealed class CsvRecordReader
#pragma warning restore CA1001
{
    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private bool _end;

    public CsvRecordReader(Stream stream)
    {
        _reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true); // the request owns the stream
    }

    /// <summary>The number of the record last read: the header is record 1 (what a spreadsheet shows as its row).</summary>
    public long RecordNumber { get; private set; }

    /// <summary>Why the last record is malformed (a stray or unterminated quote); null when it is well formed.</summary>
    public string? Problem { get; private set; }

    /// <summary>The next record's fields, or null at the end of the stream. A blank line is a record of one empty field.</summary>
    public async ValueTask<List<string>?> ReadAsync(CancellationToken cancellationToken)
    {
        Problem = null;
        if (_position == _length && !await FillAsync(cancellationToken))
            return null;
        RecordNumber++;
        var fields = new List<string>();
        _field.Clear();
        var quoted = false;     // inside a quoted field
        var wasQuoted = false;  // the current field was quoted and its closing quote has been read
        while (true)
        {
            if (_position == _length && !await FillAsync(cancellationToken))
            {
                if (quoted) Problem ??= "a quoted field is not closed before the end of the file";
                fields.Add(_field.ToString());
                return fields;
            }
            var c = _buffer[_position++];
            if (quoted)
            {
                if (c != '"')
                {
                    _field.Append(c);
                    continue;
                }
                if (_position == _length) await FillAsync(cancellationToken);
                if (_position < _length && _buffer[_position] == '"')
                {
                    _field.Append('"');
                    _position++;
                }
                else
                {
                    quoted = false;
                    wasQuoted = true;
                }
                continue;
            }
            switch (c)
            {
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    wasQuoted = false;
                    break;
                case '\r':
                    if (_position == _length) await FillAsync(cancellationToken);
                    if (_position < _length && _buffer[_position] == '\n') _position++;
                    fields.Add(_field.ToString());
                    return fields;
                case '\n':
                    fields.Add(_field.ToString());
                    return fields;
                case '"' when _field.Length == 0 && !wasQuoted:
                    quoted = true;
                    break;
                default:
                    if (wasQuoted || c == '"')
                        Problem ??= $"field {fields.Count + 1} has a quote inside an unquoted value or text after its closing quote; quote the whole field and double the quotes in it";
                    _field.Append(c);
                    break;
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_end) return false;
        _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
        _position = 0;
        _end = _length == 0;
        return !_end;
    }
}
