namespace AssessmentEngine.Rules;

/// <summary>An input the rules read, declared by name and CLR type when compiling (e.g. <c>new RuleInput("officer", typeof(Officer))</c>).</summary>
public sealed record RuleInput(string Name, Type Type)
{
    /// <summary>Inputs named <c>input1..N</c>, as RulesEngine names unnamed inputs.</summary>
    public static RuleInput[] Positional(params Type[] types) => types.Select((t, i) => new RuleInput($"input{i + 1}", t)).ToArray();
}
