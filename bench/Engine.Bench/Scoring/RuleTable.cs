using System.Text.Json;

namespace AssessmentEngine.Engine.Bench.Scoring;

/// <summary>
/// Rule names, points and veto flags in workflow order, read from the workflow file so the
/// hand-written references score with exactly the points an engine would read.
/// </summary>
public sealed class RuleTable
{
    private RuleTable(string workflowName, string[] names, int[] points, bool[] veto)
    {
        SourceWorkflow = workflowName;
        Names = names;
        _points = points;
        _veto = veto;
    }

    private readonly int[] _points;
    private readonly bool[] _veto;

    public string SourceWorkflow { get; }
    public IReadOnlyList<string> Names { get; }
    public int Count => Names.Count;

    public static RuleTable Load(string workflowPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(workflowPath));
        var root = doc.RootElement;
        var names = new List<string>();
        var points = new List<int>();
        var veto = new List<bool>();
        foreach (var rule in root.GetProperty("Rules").EnumerateArray())
        {
            names.Add(rule.GetProperty("RuleName").GetString()!);
            var properties = rule.GetProperty("Properties");
            points.Add(properties.GetProperty("Points").GetInt32());
            veto.Add(properties.TryGetProperty("Veto", out var v) && v.GetBoolean());
        }
        return new RuleTable(root.GetProperty("WorkflowName").GetString()!, [.. names], [.. points], [.. veto]);
    }

    /// <summary>Sums the points of fired rules; any fired veto rule marks the officer vetoed.</summary>
    public OfficerScore Tally(ReadOnlySpan<bool> fired)
    {
        var points = 0;
        var vetoed = false;
        for (var i = 0; i < fired.Length; i++)
        {
            if (!fired[i])
                continue;
            points += _points[i];
            vetoed |= _veto[i];
        }
        return new OfficerScore(points, vetoed);
    }

    /// <summary>Fails fast when a hand-written scorer's rule order drifts from the workflow file.</summary>
    public void RequireOrder(IReadOnlyList<string> implemented, string implementer)
    {
        if (!implemented.SequenceEqual(Names))
        {
            throw new InvalidOperationException(
                $"{implementer} implements [{string.Join(", ", implemented)}] but {SourceWorkflow} lists [{string.Join(", ", Names)}].");
        }
    }
}

/// <summary>Total points of the fired rules and whether a veto rule (一票否决) fired.</summary>
public readonly record struct OfficerScore(int Points, bool Vetoed);
