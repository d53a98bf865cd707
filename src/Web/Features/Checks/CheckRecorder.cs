using System.Threading.Channels;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Persistence;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Checks;

/// <summary>
/// Writes the audit entry of every real-time check off the request path (docs/adr/0016-real-time-checks.md): a check
/// queues its entry in a bounded channel and answers; one background writer lets entries gather for
/// <see cref="RealTimeCheckOptions.RecordDelay"/> and inserts them in one transaction, so many checks share a commit. A full queue refuses the check (503): a
/// check that cannot be recorded does not answer "allowed". On shutdown the writer drains what is queued.
/// </summary>
public sealed class CheckRecorder : BackgroundService
{
    private readonly Channel<AuditEntry> _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<CheckRecorder> _logger;
    private readonly int _batchSize;
    private readonly TimeSpan _delay;
    private long _written;
    private long _batches;
    private long _refused;

    public CheckRecorder(IServiceScopeFactory scopes, IOptions<RealTimeCheckOptions> options, ILogger<CheckRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scopes = scopes;
        _logger = logger;
        _batchSize = Math.Max(1, options.Value.RecordBatchSize);
        _delay = options.Value.RecordDelay;
        _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(Math.Max(1, options.Value.RecordQueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long Written => Interlocked.Read(ref _written);

    public long Batches => Interlocked.Read(ref _batches);

    public long Refused => Interlocked.Read(ref _refused);

    public int Queued => _queue.Reader.Count;

    /// <summary>Queues an entry; false when the queue is full (or the node is stopping).</summary>
    public bool TryRecord(AuditEntry entry)
    {
        if (_queue.Writer.TryWrite(entry))
            return true;
        Interlocked.Increment(ref _refused);
        return false;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(_batchSize);
        // Not cancelled by stoppingToken: a completed channel ends the loop once everything queued is written.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // Let a batch gather (a commit costs far more than an entry), unless the node is stopping or the batch is full.
            if (_delay > TimeSpan.Zero && !stoppingToken.IsCancellationRequested && _queue.Reader.Count < _batchSize)
                await Task.Delay(_delay, CancellationToken.None);
            while (batch.Count < _batchSize && _queue.Reader.TryRead(out var entry))
                batch.Add(entry);
            await WriteAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<AuditEntry> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
                db.AddRange(batch);
                await db.SaveChangesAsync(CancellationToken.None);
                Interlocked.Add(ref _written, batch.Count);
                Interlocked.Increment(ref _batches);
                return;
            }
#pragma warning disable CA1031 // The database may be away for a while; the entries wait in memory and the queue fills up meanwhile.
            catch (Exception ex) when (attempt < 100 && !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                _logger.LogWarning(ex, "Writing {Count} real-time check entries to the audit log failed (attempt {Attempt}); retrying", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)), CancellationToken.None);
            }
        }
    }
}
