using System.Text;
using AssessmentEngine.Web.Features.Ingestion;

namespace AssessmentEngine.Web.Tests.Ingestion;

public sealed class CsvRecordReaderTests
{
    [Fact]
    public async Task Quoted_fields_keep_commas_line_breaks_and_doubled_quotes()
    {
        var records = await ReadAllAsync("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n");

        records.Should().HaveCount(2);
        records[0].Fields.Should().Equal("a", "b,c", "say \"hi\"");
        records[1].Fields.Should().Equal("two\nlines", "", "x");
        records.Select(r => r.Number).Should().Equal(1, 2);
        records.Should().OnlyContain(r => r.Problem == null);
    }

    [Fact]
    public async Task A_byte_order_mark_is_skipped_and_a_last_line_without_a_line_break_is_read()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("名称,值\r\n甲,1")).ToArray();

        var records = await ReadAllAsync(bytes);

        records.Select(r => r.Fields).Should().BeEquivalentTo(new[] { new[] { "名称", "值" }, new[] { "甲", "1" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Stray_and_unterminated_quotes_are_reported_on_their_record()
    {
        var records = await ReadAllAsync("ok,1\nbad\"quote,2\n\"closed\"tail,3\n\"never closed,4\n");

        records.Select(r => r.Problem is null).Should().Equal(true, false, false, false);
        records[3].Problem.Should().Contain("not closed");
    }

    [Fact]
    public async Task A_record_spanning_many_buffers_is_read_whole()
    {
        var big = new string('x', 200_000);

        var records = await ReadAllAsync($"\"{big}\",\"\"\"{big}\"\r\nnext\r\n");

        records[0].Fields.Should().Equal(big, "\"" + big);
        records[1].Fields.Should().Equal("next");
    }

    private static Task<List<(long Number, List<string> Fields, string? Problem)>> ReadAllAsync(string text) => ReadAllAsync(new UTF8Encoding(false).GetBytes(text));

    private static async Task<List<(long Number, List<string> Fields, string? Problem)>> ReadAllAsync(byte[] bytes)
    {
        var reader = new CsvRecordReader(new MemoryStream(bytes));
        var records = new List<(long, List<string>, string?)>();
        while (await reader.ReadAsync(CancellationToken.None) is { } fields)
            records.Add((reader.RecordNumber, fields, reader.Problem));
        return records;
    }
}
