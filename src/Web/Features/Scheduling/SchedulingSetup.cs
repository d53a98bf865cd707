using AssessmentEngine.Web.Persistence;
using Microsoft.Extensions.Options;
using Quartz;

namespace AssessmentEngine.Web.Features.Scheduling;

internal static class SchedulingSetup
{
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EvaluationScheduleOptions.Section);
        builder.Services.AddOptions<EvaluationScheduleOptions>().Bind(section);
        var settings = section.Get<EvaluationScheduleOptions>() ?? new EvaluationScheduleOptions();
        if (!settings.Enabled)
            return builder;

        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var store = settings.StoreFor(database.Provider);
        builder.Services.AddSingleton<RunJobs>();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                // In memory nothing is shared, so each scheduler in a process (tests start several apps) gets its own name.
                s.InstanceName = store == JobStoreKind.Memory ? $"{settings.SchedulerName}-{Guid.NewGuid():N}" : settings.SchedulerName;
                s.InstanceId = settings.NodeName;
            });
            q.UseDefaultThreadPool(settings.MaxConcurrentJobs ?? (store == JobStoreKind.Memory ? 1 : 4));
            q.AddJobType<ScheduledEvaluationJob>();
            q.AddJobType<RunPartJob>();
            q.AddJobType<FinalizeRunJob>();
            q.AddJobType<Connectors.ConnectorPullJob>();
            if (store == JobStoreKind.Postgres)
            {
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(database.ResolveConnectionString(builder.Environment.ContentRootPath));
                    s.ConfigureStore(o =>
                    {
                        o.TablePrefix = SchedulerSchema.TablePrefix;
                        o.StoreJobDataAsStrings = true;
                    });
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = settings.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = settings.ClusterCheckinInterval * 2;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore();
            }
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHealthChecks().AddQuartz(_ => { });
        builder.Services.AddHostedService<EvaluationSchedule>();
        return builder;
    }

    /// <summary>The clustered store's tables, created after our migrations (see <see cref="SchedulerSchema"/>).</summary>
    public static async Task InitializeSchedulerAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var settings = app.Services.GetRequiredService<IOptions<EvaluationScheduleOptions>>().Value;
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (settings.Enabled && settings.StoreFor(database.Provider) == JobStoreKind.Postgres)
            await SchedulerSchema.EnsureAsync(database.ResolveConnectionString(app.Environment.ContentRootPath), cancellationToken);
    }
}
