using System.Runtime.InteropServices;

namespace AssessmentEngine.Engine.Bench.Measurement;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): unlike the wall clock it does not count the
/// time the thread waited for a core, so on a shared machine it still says what the work itself costs.
/// </summary>
public static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    /// <summary>Nanoseconds of CPU this thread has used, or 0 where the clock is not available.</summary>
    public static long Nanoseconds()
    {
        if (!IsAvailable || ClockGetTime(ClockThreadCpuTime, out var time) != 0)
            return 0;
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport, not LibraryImport: the generated stub needs unsafe code, which this project does not otherwise allow.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054
}
