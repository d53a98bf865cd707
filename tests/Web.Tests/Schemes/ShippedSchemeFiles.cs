using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Tests.Schemes;

/// <summary>The scheme files embedded in the Web assembly, compiled once for the test classes that score with them.</summary>
internal static class ShippedSchemeFiles
{
    public static readonly SchemeCatalog Catalog = new(new RuleEngine());

    public static string Content(string fileName) =>
        ShippedSchemes.Files().Single(f => f.FileName == "rules/" + fileName).Content;

    public static CompiledWorkflow Compile(string fileName)
    {
        var check = Catalog.Check(Content(fileName), fileName);
        if (check.Compiled.RuleSet is null)
            throw new InvalidOperationException($"{fileName} does not compile: {string.Join(Environment.NewLine, check.Diagnostics)}");
        return check.Compiled.RuleSet.Workflows[0];
    }
}
