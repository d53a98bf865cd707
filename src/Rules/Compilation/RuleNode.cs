using System.Linq.Expressions;
using AssessmentEngine.Rules.Binding;
using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Rules.Compilation;

/// <summary>A rule after binding: its slot in the result buffer and the bound expressions that belong to it.</summary>
internal sealed class RuleNode(int index, Rule rule)
{
    public int Index { get; } = index;
    public Rule Rule { get; } = rule;
    public List<RuleNode> Children { get; } = [];

    /// <summary>RulesEngine's "Exception while parsing expression …" message, when the rule did not compile and compile errors become failures.</summary>
    public string? CompileError { get; set; }

    public List<(ParameterSlot Slot, Expression Value)> Locals { get; } = [];
    public Expression? Condition { get; set; }
    public Expression? Points { get; set; }
    public Expression? Evidence { get; set; }

    /// <summary>A global parameter that counts the records <see cref="Evidence"/> selects, when the texts show it does.</summary>
    public ParameterSlot? EvidenceCount { get; set; }

    /// <summary>Whether <see cref="Evidence"/> reads any parameter (else it reads only the inputs and may run out of line).</summary>
    public bool EvidenceReadsParameters { get; set; }
    public Expression? SuccessOutput { get; set; }
    public Expression? FailureOutput { get; set; }

    /// <summary>Global parameters the rule reads, directly or through other parameters; their faults fail the rule.</summary>
    public List<ParameterSlot> GlobalDependencies { get; } = [];

    public List<ParameterSlot> Explained { get; } = [];
    public List<ParameterSlot> Visible { get; } = [];
}
