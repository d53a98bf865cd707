namespace AssessmentEngine.Web.Cli;

/// <summary>
/// Commands that run instead of the web server: `dotnet run --project src/Web -- &lt;command&gt; …`.
/// Returns null when the arguments name no command, so the server starts.
/// </summary>
internal static class CommandLine
{
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            return null;
        var rest = new CommandArguments(args.Skip(1));
        try
        {
            return args[0] switch
            {
                "schema-script" => SchemaScriptCommand.Run(rest, Console.Out),
                "seed" => await SeedCommand.RunAsync(rest, Console.Out),
                "rules" => RulesCommand.Run(rest, Console.Out),
                "evaluate" => await EvaluateCommand.RunAsync(rest, Console.Out),
                "help" or "--help" => Help(),
                _ => await Task.FromResult<int?>(null),
            };
        }
        catch (CommandException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    private static int Help()
    {
        Console.WriteLine("""
            AssessmentEngine — without a command, starts the web server.

            Commands:
              schema-script --provider sqlite|postgres   print the EF model's create script
              seed [--provider P] [--connection CS] [--officers N] [--months 2026-09,2026-10] [--seed N]
                                                         write a generated detachment and its facts; prints rows/s
              rules validate <file.json>…                print every diagnostic of the rule files; exit 1 on any error
              rules eval <workflow.json> --input name=file.json … [--now 2026-10-31T23:59:59+08:00] [--rule R] [--workflow W]
                                                         evaluate a workflow on JSON inputs; one JSON line per rule, then the score card
              evaluate --period 2026-10 [--provider P] [--connection CS]
                                                         evaluate one period in this process; prints a summary
            """);
        return 0;
    }
}
