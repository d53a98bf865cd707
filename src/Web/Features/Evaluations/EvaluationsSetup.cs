using AssessmentEngine.Rules;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Evaluations;

internal static class EvaluationsSetup
{
    public static WebApplicationBuilder AddEvaluations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LinkedLiabilityOptions>().Bind(builder.Configuration.GetSection("Evaluation:LinkedLiability"));
        builder.Services.AddOptions<EvaluationOptions>().Bind(builder.Configuration.GetSection("Evaluation"));
        builder.Services.AddSingleton<PartSlots>();
        // One engine per process: compiled rule sets are cached by content hash for the process lifetime.
        builder.Services.AddSingleton(new RuleEngine());
        // Rules:Engine picks the engine that scores, Rules:CrossCheck the share the other engine checks (docs/adr/0022).
        builder.Services.AddOptions<RuleEngineOptions>().Bind(builder.Configuration.GetSection("Rules"));
        builder.Services.AddSingleton(services => new SchemeEngines(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RuleEngineOptions>>().Value));
        builder.Services.AddSingleton(services => new SchemeCatalog(services.GetRequiredService<RuleEngine>(), services.GetRequiredService<SchemeEngines>()));
        builder.Services.AddScoped<EvaluationService>();
        builder.Services.AddScoped<Periods.PeriodRequirements>();
        // Evaluates the history of a demo detachment seeded on first start and adds its accounts.
        builder.Services.AddSingleton<IDemoCompletion, Demo.DemoDetachment>();
        return builder;
    }

    /// <summary>Imports the shipped scheme files as version 1 of schemes the database does not know yet.</summary>
    public static async Task ImportShippedSchemesAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<SchemeCatalog>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var imported = await ShippedSchemes.ImportAsync(db, catalog, clock.GetUtcNow(), cancellationToken);
        if (imported.Count > 0)
            app.Logger.LogInformation("Imported shipped schemes: {Schemes}", string.Join(", ", imported.Select(v => v.SchemeName)));
    }
}
