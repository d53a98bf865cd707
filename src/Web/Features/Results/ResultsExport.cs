using System.Globalization;
using System.Text;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Infrastructure.Text;
using AssessmentEngine.Web.Persistence;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AssessmentEngine.Web.Features.Results;

public sealed record ExportFile(string FileName, string ContentType, byte[] Content);

/// <summary>A period's officer results as a spreadsheet (.xlsx) or CSV, with Chinese headers, within the caller's scope.</summary>
[AllowedRoles(Role.Admin, Role.Inspector, Role.Leader, Role.Auditor)]
public sealed record ResultsExport(string Period, string Format = "xlsx", long? BrigadeId = null, long? SquadId = null) : IRequest<ExportFile>, IValidatable
{
    public static readonly string[] Headers = ["排名", "警号", "姓名", "人员类别", "岗位", "大队", "中队", "得分", "等级", "同组人数", "百分位", "一票否决"];

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Format is not ("xlsx" or "csv"))
            errors.Add(nameof(Format), "ExportFormatUnknown", $"'{Format}' is not an export format; use xlsx or csv.", Format);
    }
}

internal sealed class ResultsExportHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<ResultsExport, ExportFile>
{
    public async ValueTask<ExportFile> Handle(ResultsExport request, CancellationToken cancellationToken)
    {
        var run = await PublishedResults.LatestRunAsync(db, PublishedResults.ParsePeriod(request.Period), cancellationToken);
        var rows = (await OfficerRows.QueryAsync(db, actor, run.Id, request.BrigadeId, request.SquadId, cancellationToken))
            .OrderBy(r => r.Brigade, StringComparer.Ordinal).ThenBy(r => r.Post, StringComparer.Ordinal).ThenBy(r => r.Rank).ThenBy(r => r.BadgeNumber, StringComparer.Ordinal)
            .Select(Cells).ToList();
        var name = $"考核结果-{run.Period.Key}";
        return request.Format == "csv"
            ? new ExportFile(name + ".csv", "text/csv; charset=utf-8", Csv(rows))
            : new ExportFile(name + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Xlsx(rows, run.Period.Key));
    }

    private static object[] Cells(OfficerRow r) =>
        [r.Rank, r.BadgeNumber, r.Name, r.Kind == "Auxiliary" ? "辅警" : "民警", PostName(r.Post), r.Brigade, r.Squad, r.Score, r.Grade, r.PeerGroupSize, r.Percentile, r.Vetoed ? "是" : "否"];

    private static string PostName(string post) => post switch
    {
        "Road" => "路面",
        "Accident" => "事故",
        "Window" => "窗口",
        "Office" => "机关",
        _ => post,
    };

    private static byte[] Csv(List<object[]> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', ResultsExport.Headers).Append("\r\n");
        foreach (var row in rows)
            text.AppendJoin(',', row.Select(CsvCell)).Append("\r\n");
        // A byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string CsvCell(object value) =>
        CsvField.Escape(Convert.ToString(value, CultureInfo.InvariantCulture), isText: value is string);

    private static byte[] Xlsx(List<object[]> rows, string period)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(ResultsExport.Headers));
            foreach (var row in rows)
                data.Append(Row(row));
            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "考核结果 " + period });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(IEnumerable<object> values)
    {
        var row = new Row();
        foreach (var value in values)
        {
            row.Append(value switch
            {
                int or long or double => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")) },
            });
        }
        return row;
    }
}
