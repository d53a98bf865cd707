using System.Diagnostics;

namespace AssessmentEngine.Web.Tests.Infrastructure;

/// <summary>
/// The one way tests wait: poll an observable state until it holds or a deadline passes, never a fixed sleep. The
/// deadline is generous (a loaded 2-core machine runs the suite); a state that holds at once costs no wait at all.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="holds"/> accepts its value and returns that value; past the
    /// deadline fails naming <paramref name="what"/> and the last value read (as <paramref name="describe"/> tells it).
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> holds, string what, TimeSpan? deadline = null, Func<T, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(holds);
        var limit = deadline ?? DefaultDeadline;
        var watch = Stopwatch.StartNew();
        var pause = FirstPause;
        while (true)
        {
            var value = await probe();
            if (holds(value))
                return value;
            if (watch.Elapsed >= limit)
                throw new TimeoutException($"Waited {limit.TotalSeconds:F0} s for {what}; last seen: {(describe is null ? Describe(value) : describe(value))}");
            await Task.Delay(pause);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns something and returns that.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? deadline = null, Func<string>? describe = null)
        where T : class =>
        (await UntilAsync(probe, found => found is not null, what, deadline, describe is null ? null : _ => describe()))!;

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null) =>
        UntilAsync(condition, held => held, what, deadline);

    /// <summary>Waits until <paramref name="condition"/>, a state in memory, is true.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), held => held, what, deadline);
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => $"[{string.Join(", ", items.Cast<object?>().Take(10))}]",
        _ => value.ToString() ?? "",
    };
}
