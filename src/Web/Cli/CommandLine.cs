namespace AssessmentEngine.Web.Cli;

/// <summary>
/// Commands that run instead of the web server: `dotnet run --project src/Web -- &lt;command&gt; …`. Returns null only
/// when the server should start: no arguments, or options alone (`--urls …`). Help and an unknown command print the
/// usage and exit non-zero, so a typo never starts a second server.
/// </summary>
internal static class CommandLine
{
    /// <summary>Exit code of help and of a command line that names no command: nothing was done.</summary>
    public const int UsageExitCode = 2;

    public const string Usage = """
        usage: dotnet run --project src/Web [-- --urls http://localhost:5080]   start the web server
               dotnet run --project src/Web -- <command> …

        commands:
          rules validate <file.json>…                print every diagnostic of the rule files; exit 1 on any error
          rules eval <workflow.json> --input name=file.json … [--now 2026-10-31T23:59:59+08:00] [--rule R] [--workflow W]
                                                     evaluate a workflow on JSON inputs; one JSON line per rule, then the score card
          evaluate --period 2026-10 [--provider P] [--connection CS]
                                                     evaluate one period in this process, on the server's database unless
                                                     --provider/--connection name another; prints a summary
          seed [--provider P] [--connection CS] [--officers N] [--months 2026-09,2026-10] [--seed N]
                                                     write a generated detachment and its facts; prints rows/s
          schema-script --provider sqlite|postgres   print the EF model's create script
          help                                       this text

        Relative paths are taken from the current directory; the data folder is the application's (src/Web/data).
        """;

    public static Task<int?> TryRunAsync(string[] args) => TryRunAsync(args, Console.Out, Console.Error);

    public static async Task<int?> TryRunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Any(a => a is "-h" or "--help" or "-?") || args is ["help", ..])
        {
            await output.WriteLineAsync(Usage);
            return UsageExitCode;
        }
        if (args.Length == 0 || args[0].StartsWith('-'))
            return null;
        var rest = new CommandArguments(args.Skip(1));
        try
        {
            return args[0] switch
            {
                "schema-script" => SchemaScriptCommand.Run(rest, output),
                "seed" => await SeedCommand.RunAsync(rest, output),
                "rules" => RulesCommand.Run(rest, output),
                "evaluate" => await EvaluateCommand.RunAsync(rest, output),
                _ => await UnknownAsync(args[0], error),
            };
        }
        catch (CommandException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return UsageExitCode;
        }
    }

    private static async Task<int> UnknownAsync(string command, TextWriter error)
    {
        await error.WriteLineAsync($"unknown command '{command}'; the server starts without a command.");
        await error.WriteLineAsync(Usage);
        return UsageExitCode;
    }
}
