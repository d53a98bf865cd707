namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// Work a command hands on once its transaction has committed, e.g. queueing background jobs that read what it wrote:
/// queued earlier, a job on another worker could look for rows that are not visible yet. Nothing runs if the command fails.
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Func<CancellationToken, Task>> _actions = [];

    public void Add(Func<CancellationToken, Task> action) => _actions.Add(action);

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        var actions = _actions.ToList();
        _actions.Clear();
        foreach (var action in actions)
            await action(cancellationToken);
    }

    internal void Discard() => _actions.Clear();
}
