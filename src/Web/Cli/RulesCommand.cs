namespace AssessmentEngine.Web.Cli;

/// <summary>`rules validate …` and `rules eval …`: rule files checked and tried out without the server or a database.</summary>
internal static class RulesCommand
{
    public static int Run(CommandArguments arguments, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var verb = arguments.Positional.Count > 0 ? arguments.Positional[0] : null;
        var rest = arguments.Positional.Skip(1).ToList();
        return verb switch
        {
            "validate" => RulesValidateCommand.Run(rest, output),
            "eval" => RulesEvalCommand.Run(rest, arguments, output),
            _ => throw new CommandException("usage: rules validate <file.json>… | rules eval <workflow.json> --input name=file.json … [--now 2026-10-31T23:59:59+08:00] [--rule R] [--workflow W]"),
        };
    }
}
