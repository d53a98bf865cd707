using System.Text;
using System.Text.Json;

namespace AssessmentEngine.Rules.Loading;

/// <summary>
/// A minimal JSON tree that remembers where every value sits in the file; System.Text.Json's DOM forgets positions,
/// and inspectors need a line and column for every expression.
/// </summary>
internal sealed class JsonTree
{
    public JsonValueKind Kind { get; private init; }
    public int Line { get; private init; }
    public int Column { get; private init; }
    public string? String { get; private init; }
    public int[]? RawOffsets { get; private init; }
    public List<KeyValuePair<string, JsonTree>> Members { get; } = [];
    public List<JsonTree> Items { get; } = [];
    private byte[] _utf8 = [];
    private int _start;
    private int _end;

    /// <summary>The value as a detached <see cref="JsonElement"/> (parsed on demand: only Properties and action contexts need it).</summary>
    public JsonElement Element
    {
        get
        {
            using var document = JsonDocument.Parse(_utf8.AsMemory(_start, _end - _start), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 128 });
            return document.RootElement.Clone();
        }
    }

    public JsonTree? this[string name]
    {
        get
        {
            foreach (var member in Members)
                if (string.Equals(member.Key, name, StringComparison.OrdinalIgnoreCase))
                    return member.Value;
            return null;
        }
    }

    public static JsonTree Parse(byte[] utf8)
    {
        var lines = new SourceLines(utf8);
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 128 };
        var reader = new Utf8JsonReader(utf8, options);
        if (!reader.Read())
            throw new JsonException("The file is empty.");
        var root = ReadValue(ref reader, utf8, lines);
        if (reader.Read())
            throw new JsonException($"Unexpected content after the end of the document at line {lines.LineOf((int)reader.TokenStartIndex)}.");
        return root;
    }

    private static JsonTree ReadValue(ref Utf8JsonReader reader, byte[] utf8, SourceLines lines)
    {
        var start = (int)reader.TokenStartIndex;
        var (line, column) = lines.Position(start);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var node = new JsonTree { Kind = JsonValueKind.Object, Line = line, Column = column };
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString()!;
                        reader.Read();
                        node.Members.Add(new(name, ReadValue(ref reader, utf8, lines)));
                    }
                    node.Span(utf8, start, (int)reader.BytesConsumed);
                    return node;
                }
            case JsonTokenType.StartArray:
                {
                    var node = new JsonTree { Kind = JsonValueKind.Array, Line = line, Column = column };
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        node.Items.Add(ReadValue(ref reader, utf8, lines));
                    node.Span(utf8, start, (int)reader.BytesConsumed);
                    return node;
                }
            case JsonTokenType.String:
                {
                    var text = reader.GetString()!;
                    var raw = reader.ValueIsEscaped ? RawOffsetsOf(utf8, start + 1, text.Length) : null;
                    var node = new JsonTree { Kind = JsonValueKind.String, Line = line, Column = column + 1, String = text, RawOffsets = raw };
                    node.Span(utf8, start, (int)reader.BytesConsumed);
                    return node;
                }
            default:
                {
                    var kind = reader.TokenType switch
                    {
                        JsonTokenType.Number => JsonValueKind.Number,
                        JsonTokenType.True => JsonValueKind.True,
                        JsonTokenType.False => JsonValueKind.False,
                        _ => JsonValueKind.Null,
                    };
                    var node = new JsonTree { Kind = kind, Line = line, Column = column };
                    node.Span(utf8, start, (int)reader.BytesConsumed);
                    return node;
                }
        }
    }

    private void Span(byte[] utf8, int start, int end)
    {
        _utf8 = utf8;
        _start = start;
        _end = end;
    }

    /// <summary>For an escaped JSON string, the raw UTF-16 offset (relative to the opening quote + 1) of each decoded character.</summary>
    private static int[] RawOffsetsOf(byte[] utf8, int contentStart, int decodedLength)
    {
        var offsets = new int[decodedLength];
        var rawText = Encoding.UTF8.GetString(utf8, contentStart, Math.Min(utf8.Length - contentStart, decodedLength * 12 + 16));
        int raw = 0, decoded = 0;
        while (decoded < decodedLength && raw < rawText.Length)
        {
            offsets[decoded++] = raw;
            raw += rawText[raw] != '\\' ? 1 : raw + 1 < rawText.Length && rawText[raw + 1] == 'u' ? 6 : 2;
        }
        return offsets;
    }

    private sealed class SourceLines
    {
        private readonly byte[] _utf8;
        private readonly List<int> _lineStarts = [0];

        public SourceLines(byte[] utf8)
        {
            _utf8 = utf8;
            for (var i = 0; i < utf8.Length; i++)
                if (utf8[i] == (byte)'\n')
                    _lineStarts.Add(i + 1);
        }

        public int LineOf(int offset)
        {
            var index = _lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        // Positions are asked for in file order: counting on from the last one keeps a long single-line file linear.
        private int _lastLine;
        private int _lastOffset;
        private int _lastColumn;

        public (int Line, int Column) Position(int offset)
        {
            var line = LineOf(offset);
            var resume = line == _lastLine && offset >= _lastOffset;
            var from = resume ? _lastOffset : _lineStarts[line - 1];
            var column = (resume ? _lastColumn : 1) + Encoding.UTF8.GetCharCount(_utf8, from, Math.Max(0, offset - from));
            (_lastLine, _lastOffset, _lastColumn) = (line, offset, column);
            return (line, column);
        }
    }
}
