using System.Diagnostics;
using System.Text;
using AssessmentEngine.Rules.Model;
using AssessmentEngine.Rules.Tests.Compatibility;
using AssessmentEngine.Rules.Tests.Fixtures;
using Xunit.Abstractions;

namespace AssessmentEngine.Rules.Tests.Fuzz;

/// <summary>
/// Generated and mutated expressions, fixed seed: loading and running them may only ever produce diagnostics or rule
/// results — never an unhandled exception, never a stack overflow.
/// </summary>
public class ExpressionFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Members = ["officer.DutyHours", "officer.Id", "officer.Rank", "officer.Allowance", "officer.Badge", "officer.JoinedAt", "officer.Post", "officer.Nickname", "period.Start", "period.End", "officer.Scores[0]", "officer.Squad.Name", "officer.Enforcements.Count"];
    private static readonly string[] Lists = ["officer.Enforcements", "officer.Cases", "officer.Attendance", "officer.Scores"];
    private static readonly string[] ElementMembers = ["e.Fine", "e.Code", "e.HasFootage", "e.At", "e.ClosedAt", "e.Status", "e", "e.UploadDelayHours"];
    private static readonly string[] Operators = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??", "and", "or", "eq", "<>", "mod"];
    private static readonly string[] Literals = ["0", "1", "-1", "2.5", "1.5m", "5L", "\"road\"", "'a'", "null", "true", "false", "0x10", "DateTime.Now", "DateTime(2024, 6, 1)", "TimeSpan.FromHours(1)"];
    private static readonly string[] ListMethods = ["Any", "All", "Count", "Sum", "Min", "Max", "Average", "Where", "Select", "First", "FirstOrDefault", "OrderBy", "Distinct", "Take"];
    private static readonly string[] Noise = ["(", ")", "[", "]", "{", "}", ".", ",", "\"", "'", "=>", "!", "-", "+", "?", ":", "new", "it", "np(", "iif(", "\\", "=", "&", "|", "0", "x", " ", "GetType()", "in (1,2)"];

    [Fact]
    public void Thousands_of_generated_and_mutated_expressions_only_ever_produce_diagnostics_or_results()
    {
        var random = new Random(20240601);
        var seeds = ExpressionCompatibilityTests.Cases.Select(row => (string)row[0]).ToArray();
        var expressions = new List<string>();
        for (var i = 0; i < 2500; i++)
            expressions.Add(Generate(random, 0));
        for (var i = 0; i < 2500; i++)
            expressions.Add(Mutate(random, seeds[random.Next(seeds.Length)]));

        var engine = new RuleEngine(new RuleCompilerOptions { MaxNestingDepth = 32 });
        var watch = Stopwatch.StartNew();
        int compiled = 0, refused = 0;
        foreach (var batch in expressions.Chunk(50))
        {
            // Each expression is the output of an always-true rule, so expressions of any type are valid.
            var rules = batch.Select((text, i) => new Rule
            {
                RuleName = $"R{i}",
                Expression = ExpressionSource.FromText("true"),
                Actions = new RuleActions(new ActionInfo("OutputExpression", new Dictionary<string, System.Text.Json.JsonElement>()) { Expression = ExpressionSource.FromText(text) }, null),
            }).ToList();
            var result = engine.Compile([new Workflow { WorkflowName = "fuzz", Rules = rules }], Workflows.OfficerAndPeriod);
            if (result.RuleSet is null)
            {
                refused += result.Diagnostics.Count;
                result.Diagnostics.Should().OnlyContain(d => d.Message.Length > 0 && d.Rule != null && d.Rule.StartsWith('R'));
                var broken = result.Diagnostics.Select(d => d.Rule).ToHashSet();
                rules.RemoveAll(r => broken.Contains(r.RuleName));
                result = engine.Compile([new Workflow { WorkflowName = "fuzz", Rules = rules }], Workflows.OfficerAndPeriod);
                result.Diagnostics.Should().BeEmpty();
            }
            compiled += rules.Count;
            result.RuleSet!["fuzz"].Execute(Workflows.July2024, SampleOfficer.Create(), OfficerFactory.June2024).Should().HaveCount(rules.Count);
        }
        output.WriteLine($"{expressions.Count} expressions, {compiled} compiled and ran, {refused} refused with diagnostics, {watch.ElapsedMilliseconds} ms");
        compiled.Should().BeGreaterThan(300, "the generator must also produce valid expressions");
    }

    private static string Generate(Random random, int depth)
    {
        string Pick(string[] items) => items[random.Next(items.Length)];
        if (depth > 4)
            return random.Next(2) == 0 ? Pick(Members) : Pick(Literals);
        return random.Next(13) switch
        {
            9 => $"new[] {{ {Generate(random, depth + 1)}, {Generate(random, depth + 1)} }}.Contains({Generate(random, depth + 1)})",
            10 => $"{Generate(random, depth + 1)} in ({Pick(Literals)}, {Pick(Literals)})",
            11 => $"{Pick(Lists)}.Where({Pick(["HasFootage", "it.Fine > 1", "Status == \"late\"", "it > 80", "ClosedAt == null"])}).{Pick(ListMethods)}()",
            12 => $"np(officer.Squad.{Pick(["Leader.Id", "Name", "Leader.Rank", "Leader.Squad.Name"])}{(random.Next(2) == 0 ? ", " + Pick(Literals) : "")})",
            0 => Pick(Members),
            1 => Pick(Literals),
            2 or 3 => $"{Generate(random, depth + 1)} {Pick(Operators)} {Generate(random, depth + 1)}",
            4 => $"({Generate(random, depth + 1)})",
            5 => $"{Pick(Lists)}.{Pick(ListMethods)}(e => {Pick(ElementMembers)} {Pick(Operators)} {Generate(random, depth + 2)})",
            6 => $"{Generate(random, depth + 1)} ? {Generate(random, depth + 1)} : {Generate(random, depth + 1)}",
            7 => $"{(random.Next(2) == 0 ? "!" : "-")}{Generate(random, depth + 1)}",
            _ => $"{Pick(["iif", "np", "Math.Abs", "Math.Max", "int", "string.IsNullOrEmpty"])}({Generate(random, depth + 1)}{(random.Next(2) == 0 ? ", " + Generate(random, depth + 1) : "")})",
        };
    }

    private static string Mutate(Random random, string seed)
    {
        var text = new StringBuilder(seed);
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var position = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0 when text.Length > 0:
                    text.Remove(position, Math.Min(text.Length - position, random.Next(1, 4)));
                    break;
                case 1:
                    text.Insert(position, Noise[random.Next(Noise.Length)]);
                    break;
                case 2 when text.Length > 0:
                    text[position] = (char)random.Next(32, 127);
                    break;
                case 3 when text.Length > 2:
                    var length = random.Next(1, Math.Min(12, text.Length - position) + 1);
                    text.Insert(position, text.ToString(position, Math.Min(length, text.Length - position)));
                    break;
                default:
                    text.Insert(position, (char)random.Next(0, 0x3000));
                    break;
            }
        }
        return text.ToString();
    }
}
