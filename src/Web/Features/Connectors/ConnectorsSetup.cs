namespace AssessmentEngine.Web.Features.Connectors;

internal static class ConnectorsSetup
{
    public static WebApplicationBuilder AddConnectors(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ConnectorOptions.Section);
        builder.Services.AddOptions<ConnectorOptions>().Configure(o => section.Bind(o.Connectors));
        // The factory is needed even with no connector configured: the puller is resolved (and validated at start) regardless.
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<SupervisionPlatforms>();
        foreach (var connector in section.GetChildren())
            SupervisionPlatforms.Register(builder.Services, connector.Key, connector.Get<ConnectorSettings>() ?? new ConnectorSettings());
        builder.Services.AddScoped<ConnectorPuller>();
        return builder;
    }
}
