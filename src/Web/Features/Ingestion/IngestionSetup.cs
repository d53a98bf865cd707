namespace AssessmentEngine.Web.Features.Ingestion;

internal static class IngestionSetup
{
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>().Bind(builder.Configuration.GetSection(IngestionOptions.Section));
        builder.Services.AddScoped<IngestionPipeline>();
        return builder;
    }
}
