using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Cli;

/// <summary>
/// `schema-script --provider sqlite|postgres`: prints the full create script of the current EF model, the starting
/// point for the next versioned migration (EF's design-time tools are not available; see docs/adr/0002).
/// </summary>
internal static class SchemaScriptCommand
{
    public static int Run(CommandArguments arguments, TextWriter output)
    {
        var provider = arguments.Enum("--provider", DatabaseProvider.Sqlite);
        var connection = provider == DatabaseProvider.Postgres ? "Host=localhost;Database=script" : "Data Source=:memory:";
        var options = PersistenceSetup.Configure(new DbContextOptionsBuilder<AssessmentDbContext>(), provider, connection).Options;
        using var db = new AssessmentDbContext(options);
        output.WriteLine(db.Database.GenerateCreateScript());
        return 0;
    }
}
