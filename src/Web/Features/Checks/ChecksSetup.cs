namespace AssessmentEngine.Web.Features.Checks;

internal static class ChecksSetup
{
    public static WebApplicationBuilder AddRealTimeChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RealTimeCheckOptions>().Bind(builder.Configuration.GetSection("Checks"));
        builder.Services.AddSingleton<RealTimeChecks>();
        builder.Services.AddSingleton<CheckRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CheckRecorder>());
        return builder;
    }
}
