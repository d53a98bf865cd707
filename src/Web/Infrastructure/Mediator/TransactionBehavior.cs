using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// Runs a command in one database transaction and saves its changes before committing, so its audit entry and its
/// change are stored together or not at all; then runs the work its handlers queued in <see cref="AfterCommit"/>. Queries
/// pass through; a command sent from inside another joins its transaction.
/// </summary>
internal sealed class TransactionBehavior<TRequest, TResponse>(AssessmentDbContext db, AfterCommit afterCommit) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    public async ValueTask<TResponse> Handle(TRequest message, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (message is not ICommand || db.Database.CurrentTransaction is not null)
            return await next(message, cancellationToken);

        TResponse response;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                response = await next(message, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                // Disposing the transaction rolls it back; forget the pending changes and work too, so nothing revives them.
                db.ChangeTracker.Clear();
                afterCommit.Discard();
                throw;
            }
        }
        // The change is stored; what follows it must not be sent back as the command's failure, nor undo it.
        await afterCommit.RunAsync(CancellationToken.None);
        return response;
    }
}
