using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// Runs a command in one database transaction and saves its changes before committing, so its audit entry and its
/// change are stored together or not at all; then runs what the command left in <see cref="AfterCommit"/>. Queries pass through; a command sent from inside another joins its transaction.
/// </summary>
internal sealed class TransactionBehavior<TRequest, TResponse>(AssessmentDbContext db, AfterCommit afterCommit) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, RequestContinuation<TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not ICommand || db.Database.CurrentTransaction is not null)
            return await next();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var response = await next();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await afterCommit.RunAsync(cancellationToken);
            return response;
        }
        catch
        {
            afterCommit.Discard();
            // Disposing the transaction rolls it back; forget the pending changes too, so a later save cannot revive them.
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
