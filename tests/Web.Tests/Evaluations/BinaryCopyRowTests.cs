using System.Buffers.Binary;
using System.Text;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>
/// The loader parses PostgreSQL's binary COPY format itself: every type a fact column has, NULLs, rows split across
/// reads at every byte, rows longer than the buffer, and a caller reading past a row's last column.
/// </summary>
public sealed class BinaryCopyRowTests
{
    private static readonly DateTimeOffset Instant = new(2026, 10, 3, 9, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public async Task Every_column_type_is_read_as_PostgreSQL_wrote_it_even_when_each_read_returns_one_byte()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var stream = new OneByteAtATime(Copy(
            Row(Long(7), Long(42), Text("外部-1"), Text("speeding"), Timestamp(Instant), Bool(true), Double(1.5), Int(-12), Date(new DateOnly(2026, 10, 31)), Uuid(guid)),
            Row(null, Long(43), Text("外部-2"), Text("speeding"), Timestamp(Instant.AddDays(-400)), Bool(false), null, Int(0), Date(new DateOnly(1999, 12, 31)), null)));
        using var row = new BinaryCopyRow(stream, bufferSize: 16);

        (await row.NextAsync(CancellationToken.None)).Should().BeTrue();
        (row.OfficerIdOrNull, row.Id, row.Text(), row.Code()).Should().Be(((long?)7, 42L, "外部-1", "speeding"));
        var first = (row.Instant(), row.Bool(), row.NullableDouble(), row.Int(), row.Day(), row.NullableGuid());
        first.Should().Be((Instant.ToOffset(TimeSpan.FromHours(8)), true, (double?)1.5, -12, new DateOnly(2026, 10, 31), (Guid?)guid));
        first.Item1.Offset.Should().Be(TimeSpan.FromHours(8), "instants are handed out at +08:00 as EF's converters do");

        (await row.NextAsync(CancellationToken.None)).Should().BeTrue();
        (row.OfficerIdOrNull, row.Id, row.Text()).Should().Be(((long?)null, 43L, "外部-2"));
        var speeding = row.Code();
        (row.Instant(), row.Bool(), row.NullableDouble(), row.Int(), row.Day(), row.NullableGuid())
            .Should().Be((Instant.AddDays(-400).ToOffset(TimeSpan.FromHours(8)), false, (double?)null, 0, new DateOnly(1999, 12, 31), (Guid?)null));
        (await row.NextAsync(CancellationToken.None)).Should().BeFalse();
        speeding.Should().Be("speeding");
    }

    [Fact]
    public async Task The_same_code_in_many_rows_is_one_string_instance()
    {
        var stream = new MemoryStream(Copy(Row(Long(1), Long(1), Text("road")), Row(Long(1), Long(2), Text("road")), Row(Long(2), Long(3), Text("office"))));
        using var row = new BinaryCopyRow(stream);
        var codes = new List<string>();
        while (await row.NextAsync(CancellationToken.None))
            codes.Add(row.Code());

        codes.Should().Equal("road", "road", "office");
        codes[0].Should().BeSameAs(codes[1]);
    }

    [Fact]
    public async Task A_row_longer_than_the_buffer_is_read_whole_and_columns_left_unread_are_skipped()
    {
        var longText = new string('长', 5000);
        var stream = new MemoryStream(Copy(Row(Long(1), Long(1), Text(longText), Text("a")), Row(Long(1), Long(2), Text("short"), Text("b"))));
        using var row = new BinaryCopyRow(stream, bufferSize: 64);

        (await row.NextAsync(CancellationToken.None)).Should().BeTrue();
        row.Text().Should().Be(longText);
        (await row.NextAsync(CancellationToken.None)).Should().BeTrue("the unread last column of the first row is skipped");
        (row.Id, row.Text(), row.Text()).Should().Be((2L, "short", "b"));
        row.Invoking(r => r.Text()).Should().Throw<InvalidOperationException>().WithMessage("*more columns than the query selects*");
        (await row.NextAsync(CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task A_column_of_another_binary_size_or_a_null_read_as_not_null_is_refused()
    {
        var stream = new MemoryStream(Copy(Row(Long(1), Long(1), Int(5), null)));
        using var row = new BinaryCopyRow(stream);

        (await row.NextAsync(CancellationToken.None)).Should().BeTrue();
        row.Invoking(r => r.Double()).Should().Throw<InvalidCastException>().WithMessage("*4 bytes*type of 8*");
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_row_or_lacks_the_signature_is_refused()
    {
        var whole = Copy(Row(Long(1), Long(1), Text("abc")));
        using var cut = new BinaryCopyRow(new MemoryStream(whole[..^6]));
        await cut.Awaiting(r => r.NextAsync(CancellationToken.None).AsTask()).Should().ThrowAsync<EndOfStreamException>();

        using var text = new BinaryCopyRow(new MemoryStream(Encoding.ASCII.GetBytes("1\t2\tabc\n\\.\n.........")));
        await text.Awaiting(r => r.NextAsync(CancellationToken.None).AsTask()).Should().ThrowAsync<InvalidDataException>();
    }

    private static byte[] Copy(params byte[][] rows)
    {
        var output = new MemoryStream();
        output.Write([.. "PGCOPY\n"u8, 0xFF, (byte)'\r', (byte)'\n', 0]);
        output.Write(Int32(0));
        output.Write(Int32(4));
        output.Write(Int32(0));
        foreach (var row in rows)
            output.Write(row);
        output.Write([0xFF, 0xFF]);
        return output.ToArray();
    }

    private static byte[] Row(params byte[]?[] fields)
    {
        var output = new MemoryStream();
        var count = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(count, (short)fields.Length);
        output.Write(count);
        foreach (var field in fields)
        {
            output.Write(Int32(field?.Length ?? -1));
            if (field is not null)
                output.Write(field);
        }
        return output.ToArray();
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Long(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int(int value) => Int32(value);

    private static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

    private static byte[] Bool(bool value) => [value ? (byte)1 : (byte)0];

    private static byte[] Double(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        return bytes;
    }

    /// <summary>timestamptz: microseconds since 2000-01-01 UTC.</summary>
    private static byte[] Timestamp(DateTimeOffset value) =>
        Long((value.UtcTicks - new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks) / TimeSpan.TicksPerMicrosecond);

    private static byte[] Date(DateOnly value) => Int32(value.DayNumber - new DateOnly(2000, 1, 1).DayNumber);

    private static byte[] Uuid(Guid value) => value.ToByteArray(bigEndian: true);

    private sealed class OneByteAtATime(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
