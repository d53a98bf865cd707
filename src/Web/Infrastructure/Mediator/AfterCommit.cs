namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// Work a command wants done only once its change is committed (forgetting a cache, waking a worker), queued by its
/// handler and run by the transaction behaviour, so an endpoint and a page sending the same command behave alike.
/// Nothing queued runs when the command fails; a command sent from inside another runs its work when the outer one commits.
/// </summary>
public sealed class AfterCommit
{
    private List<Func<CancellationToken, ValueTask>> _queue = [];

    public void Enqueue(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _queue.Add(_ =>
        {
            action();
            return ValueTask.CompletedTask;
        });
    }

    public void Enqueue(Func<CancellationToken, ValueTask> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _queue.Add(action);
    }

    internal async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        var queued = Interlocked.Exchange(ref _queue, []);
        foreach (var action in queued)
            await action(cancellationToken);
    }

    internal void Discard() => _queue = [];
}
