using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Features.Evaluations;

/// <summary>
/// The node's bound on brigade parts scored at once (Evaluation:ParallelParts), shared by all its job workers: a part
/// holds a brigade's facts while it runs, so the bound is also the node's memory bound.
/// </summary>
public sealed class PartSlots(IOptions<EvaluationOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.ParallelParts));

    public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
