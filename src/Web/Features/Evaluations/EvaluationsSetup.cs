using AssessmentEngine.Rules;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Evaluations;

internal static class EvaluationsSetup
{
    public static WebApplicationBuilder AddEvaluations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LinkedLiabilityOptions>().Bind(builder.Configuration.GetSection("Evaluation:LinkedLiability"));
        // One engine per process: compiled rule sets are cached by content hash for the process lifetime.
        builder.Services.AddSingleton(new RuleEngine());
        builder.Services.AddSingleton<SchemeCatalog>();
        builder.Services.AddScoped<EvaluationService>();
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
