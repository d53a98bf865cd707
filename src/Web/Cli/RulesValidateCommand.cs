using AssessmentEngine.Rules;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Loading;
using AssessmentEngine.Web.Features.Evaluations;

namespace AssessmentEngine.Web.Cli;

/// <summary>
/// `rules validate &lt;files…&gt;`: prints every diagnostic of every file, then a one-line summary; exit code 1 when any
/// file has an error. A file with a Scheme block is compiled as that scheme, against its population's typed inputs;
/// a plain RulesEngine workflow declares no inputs to bind against, so only its structure is checked (try it with `rules eval`).
/// </summary>
internal static class RulesValidateCommand
{
    public static int Run(IReadOnlyList<string> files, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        if (files.Count == 0)
            throw new CommandException("usage: rules validate <file.json>…");
        var catalog = new SchemeCatalog(new RuleEngine());
        int errors = 0, warnings = 0, failedFiles = 0;
        foreach (var file in files)
        {
            var diagnostics = Check(catalog, file);
            foreach (var diagnostic in diagnostics)
                output.WriteLine(diagnostic);
            var fileErrors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            errors += fileErrors;
            warnings += diagnostics.Count - fileErrors;
            failedFiles += fileErrors > 0 ? 1 : 0;
        }
        output.WriteLine($"{files.Count} file(s) checked, {failedFiles} with errors: {errors} error(s), {warnings} warning(s)");
        return errors > 0 ? 1 : 0;
    }

    private static IReadOnlyList<Diagnostic> Check(SchemeCatalog catalog, string file)
    {
        if (!File.Exists(file))
            return [DiagnosticMessages.FileNotFound.Say() with { File = file }];
        var content = File.ReadAllText(file);
        var loaded = WorkflowLoader.Load(content, file);
        if (loaded.HasErrors || loaded.Workflows.Any(w => w.Scheme is null))
            return loaded.Diagnostics;
        return catalog.Check(content, file).Diagnostics;
    }
}
