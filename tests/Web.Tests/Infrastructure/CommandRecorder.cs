using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AssessmentEngine.Web.Tests.Infrastructure;

/// <summary>
/// Records the SQL the app sends, so that a test can wait for the server to reach a step (e.g. a batch has started
/// staging) instead of sleeping. Register it with <c>services.AddSingleton&lt;IInterceptor&gt;(recorder)</c>.
/// </summary>
public sealed class CommandRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();

    /// <summary>How many commands so far contain <paramref name="text"/>.</summary>
    public int Count(string text) => _commands.Count(c => c.Contains(text, StringComparison.Ordinal));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command) => _commands.Enqueue(command.CommandText);
}
