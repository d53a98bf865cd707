using System.Globalization;
using System.Text;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Infrastructure.Text;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Audit;

/// <summary>Every audit entry that matches, oldest first, streamed row by row rather than loaded at once.</summary>
[AllowedRoles(Role.Auditor, Role.Admin)]
public sealed record ExportAuditLog(AuditFilter Filter, string Format) : IRequest<IAsyncEnumerable<AuditEntry>>, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Filter.Validate(errors);
        errors.Check(string.Equals(Format, "csv", StringComparison.OrdinalIgnoreCase), "format", "OnlyCsv", "Only format=csv is supported.");
    }
}

internal sealed class ExportAuditLogHandler(AssessmentDbContext db, CurrentActor actor) : IRequestHandler<ExportAuditLog, IAsyncEnumerable<AuditEntry>>
{
    public async ValueTask<IAsyncEnumerable<AuditEntry>> Handle(ExportAuditLog request, CancellationToken cancellationToken) =>
        request.Filter.Apply(await AuditFilter.InScopeAsync(db.Set<AuditEntry>().AsNoTracking(), actor, cancellationToken)).OrderBy(e => e.Id).AsAsyncEnumerable();
}

/// <summary>The audit log as CSV for spreadsheet users: UTF-8 with a byte-order mark so Excel shows the Chinese headers.</summary>
internal static class AuditCsv
{
    public static readonly string[] Headers = ["时间（北京时间）", "操作人", "操作", "对象类型", "对象编号", "变更前", "变更后", "所涉单位"];

    public static async Task WriteAsync(IAsyncEnumerable<AuditEntry> entries, Stream body, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await WriteRowAsync(writer, Headers);
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            await WriteRowAsync(writer,
            [
                // Beijing time as the audit page shows it, with its offset so that a program reading the file gets the same instant.
                ShanghaiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(entry.At, DateTimeKind.Utc))).ToString("yyyy-MM-dd'T'HH:mm:ss'+08:00'", CultureInfo.InvariantCulture),
                entry.Actor,
                entry.Action,
                entry.EntityType,
                entry.EntityId,
                entry.BeforeJson,
                entry.AfterJson,
                entry.UnitId?.ToString(CultureInfo.InvariantCulture),
            ]);
        }
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task WriteRowAsync(StreamWriter writer, string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) await writer.WriteAsync(',');
            await writer.WriteAsync(CsvField.Escape(fields[i]));
        }
        await writer.WriteAsync("\r\n");
    }
}
