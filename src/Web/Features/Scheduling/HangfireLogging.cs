using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>
/// Hangfire's logging is process-wide and its classes keep loggers in static fields, while a process may host one app after
/// another (the tests do). Each logger therefore looks up the factory of the latest app when it writes, instead of holding
/// the factory of the app that happened to be first, which is disposed by the time a later app runs.
/// </summary>
internal sealed class HangfireLogging : ILogProvider
{
    private static ILoggerFactory? _current;

    public static HangfireLogging Instance { get; } = new();

    public static void Use(ILoggerFactory factory) => Volatile.Write(ref _current, factory);

    public ILog GetLogger(string name) => new Forwarding(name);

    private sealed class Forwarding(string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var factory = Volatile.Read(ref _current);
            if (factory is null)
                return false;
            try
            {
                var logger = factory.CreateLogger(name);
                var level = Map(logLevel);
                if (messageFunc is null)
                    return logger.IsEnabled(level);
                if (!logger.IsEnabled(level))
                    return false;
#pragma warning disable CA1848, CA2254 // Hangfire hands over finished messages: there is no template to cache.
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA1848, CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                // The app that owned the factory has stopped; the next app installs its own.
                return false;
            }
        }

        private static LogLevel Map(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => LogLevel.Trace,
            HangfireLevel.Debug => LogLevel.Debug,
            HangfireLevel.Info => LogLevel.Information,
            HangfireLevel.Warn => LogLevel.Warning,
            HangfireLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
    }
}
