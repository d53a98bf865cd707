using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// Reads PostgreSQL's binary COPY format (a header, then per row a field count and per field a length and its bytes)
/// straight from the raw COPY stream: one bounds check per row instead of Npgsql's converter dispatch per value, and
/// codes looked up from their bytes without a string per row (docs/adr/0035). Only the types fact columns use.
/// </summary>
internal sealed class BinaryCopyRow : FactRow, IDisposable
{
    private static readonly byte[] Signature = [.. "PGCOPY\n"u8, 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private readonly Stream _stream;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _codeLookup;
    private byte[] _buffer;
    private int _position;
    private int _end;
    private int _rowEnd = -1;
    private bool _started;

    public BinaryCopyRow(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        _codeLookup = Codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Moves to the next row and reads its officer and id; false after the last row.</summary>
    public async ValueTask<bool> NextAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            while (!HeaderComplete())
                await FillAsync(cancellationToken);
            _started = true;
        }
        if (_rowEnd >= 0)
            _position = _rowEnd;
        int fields;
        while ((fields = CompleteRow()) == Incomplete)
            await FillAsync(cancellationToken);
        if (fields == -1)
        {
            _rowEnd = -1;
            return false;
        }
        OfficerIdOrNull = NullableLong();
        Id = Long();
        return true;
    }

    private const int Incomplete = int.MinValue;

    private bool HeaderComplete()
    {
        var available = _buffer.AsSpan(_position, _end - _position);
        if (available.Length < Signature.Length + 8)
            return false;
        if (!available[..Signature.Length].SequenceEqual(Signature))
            throw new InvalidDataException("The COPY stream does not start with PostgreSQL's binary signature.");
        var extension = BinaryPrimitives.ReadInt32BigEndian(available[(Signature.Length + 4)..]);
        if (available.Length < Signature.Length + 8 + extension)
            return false;
        _position += Signature.Length + 8 + extension;
        return true;
    }

    /// <summary>The field count of the row at the cursor when all its bytes are buffered (-1 is the trailer), else <see cref="Incomplete"/>.</summary>
    private int CompleteRow()
    {
        var available = _buffer.AsSpan(_position, _end - _position);
        if (available.Length < 2)
            return Incomplete;
        var fields = BinaryPrimitives.ReadInt16BigEndian(available);
        if (fields == -1)
            return -1;
        var at = 2;
        for (var i = 0; i < fields; i++)
        {
            if (available.Length < at + 4)
                return Incomplete;
            var length = BinaryPrimitives.ReadInt32BigEndian(available[at..]);
            at += 4 + Math.Max(0, length);
            if (available.Length < at)
                return Incomplete;
        }
        _rowEnd = _position + at;
        _position += 2;
        return fields;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var pending = _end - _position;
        if (pending == _buffer.Length)
        {
            // A row longer than the buffer: grow it rather than fail.
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(_position, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_position > 0)
        {
            _buffer.AsSpan(_position, pending).CopyTo(_buffer);
        }
        (_position, _end) = (0, pending);
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
            throw new EndOfStreamException("The COPY stream ended inside a row.");
        _end += read;
    }

    /// <summary>The next field's bytes, which must be <paramref name="size"/> long (the column's binary size) unless null.</summary>
    private ReadOnlySpan<byte> Field(int size = -1)
    {
        Remaining(4);
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position));
        _position += 4;
        if (length < 0)
            throw new InvalidCastException("A fact column read as not null holds NULL.");
        if (size >= 0 && length != size)
            throw new InvalidCastException($"A fact column of {length} bytes was read as a type of {size}.");
        Remaining(length);
        var field = _buffer.AsSpan(_position, length);
        _position += length;
        return field;
    }

    private void Remaining(int bytes)
    {
        if (_position + bytes > _rowEnd)
            throw new InvalidOperationException("A fact query's reader read more columns than the query selects.");
    }

    private bool Null()
    {
        Remaining(4);
        if (BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position)) != -1)
            return false;
        _position += 4;
        return true;
    }

    private long Long() => BinaryPrimitives.ReadInt64BigEndian(Field(8));

    public override string Text() => Encoding.UTF8.GetString(Field());

    public override string Code()
    {
        var bytes = Field();
        if (bytes.Length > 128)
            return Known(Encoding.UTF8.GetString(bytes));
        Span<char> chars = stackalloc char[bytes.Length];
        var count = Encoding.UTF8.GetChars(bytes, chars);
        return _codeLookup.TryGetValue(chars[..count], out var known) ? known : Known(new string(chars[..count]));
    }

    public override string? NullableText() => Null() ? null : Text();

    public override long? NullableLong() => Null() ? null : Long();

    public override int Int() => BinaryPrimitives.ReadInt32BigEndian(Field(4));

    public override double Double() => BinaryPrimitives.ReadDoubleBigEndian(Field(8));

    public override double? NullableDouble() => Null() ? null : Double();

    public override bool Bool() => Field(1)[0] != 0;

    public override DateOnly Day() => DateOnly.FromDayNumber(PostgresEpochDay + BinaryPrimitives.ReadInt32BigEndian(Field(4)));

    public override Guid? NullableGuid() => Null() ? null : new Guid(Field(16), bigEndian: true);

    /// <summary>timestamptz is microseconds since 2000-01-01 UTC.</summary>
    public override DateTimeOffset Instant() =>
        Shanghai(new DateTimeOffset(PostgresEpochTicks + (BinaryPrimitives.ReadInt64BigEndian(Field(8)) * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero));

    public override DateTimeOffset? NullableInstant() => Null() ? null : Instant();

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
