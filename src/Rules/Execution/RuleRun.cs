namespace AssessmentEngine.Rules.Execution;

internal enum RuleState : byte
{
    NotEvaluated,
    Success,
    Failure,
    Fault,
}

/// <summary>
/// The buffer a compiled workflow writes its outcome into: one slot per rule (nested rules included). Reused per
/// thread so the scoring path allocates only for rules that fired.
/// </summary>
internal sealed class RuleRun(object owner, int ruleCount)
{
    /// <summary>States are kept in whole blocks of this many, so the score calculator can compare them a vector at a time.</summary>
    public const int StateBlock = 32;

    public object Owner { get; } = owner;

    public byte[] States { get; } = new byte[(ruleCount + StateBlock - 1) / StateBlock * StateBlock];
    public Exception?[] Faults { get; } = new Exception?[ruleCount];
    public decimal[] Points { get; } = new decimal[ruleCount];
    /// <summary>Parameter values of fired rules: a <see cref="ParameterValue"/>[] from the compiled workflow, bare values from the reference engine.</summary>
    public object?[]?[] Explained { get; } = new object?[]?[ruleCount];
    /// <summary>Evidence as records (the reference engine, or evidence the compiled workflow cannot select inline).</summary>
    public object?[] Evidence { get; } = new object?[ruleCount];

    /// <summary>Evidence the compiled workflow reduced to record ids while it selected them, one exact-size array per fired rule.</summary>
    public string[]?[] EvidenceIds { get; } = new string[]?[ruleCount];

    // Ids of evidence whose size is not known in advance are gathered here and copied out at their exact size.
    private string[] _idScratch = [];
    public object?[]?[] Visible { get; } = new object?[]?[ruleCount];
    public object?[] ActionOutputs { get; } = new object?[ruleCount];
    public Exception?[] ActionFaults { get; } = new Exception?[ruleCount];

    /// <summary>Capture parameter values and evidence of fired rules.</summary>
    public bool Explain;

    /// <summary>RulesEngine-shaped execution: capture every rule's visible parameters and run actions.</summary>
    public bool Execute;

    /// <summary>A rule's visible values: the shared boxed globals followed by its own local parameters.</summary>
    public static object?[] WithLocals(object?[] globals, object?[] locals) => [.. globals, .. locals];

    // Positions of counted records, one buffer per collecting Count of the workflow (ScanFusion), reused from run to run.
    private int[][] _indices = [];

    /// <summary>Index buffer <paramref name="number"/>, at least <paramref name="size"/> long.</summary>
    public int[] Indices(int number, int size)
    {
        if (number >= _indices.Length)
            Array.Resize(ref _indices, number + 1);
        var buffer = _indices[number];
        if (buffer is null || buffer.Length < size)
            buffer = _indices[number] = new int[Math.Max(size, 16)];
        return buffer;
    }

    /// <summary>The scratch array for evidence ids, at least <paramref name="size"/> long, keeping the first <paramref name="kept"/> ids.</summary>
    public string[] IdScratch(int size, int kept)
    {
        if (_idScratch.Length < size)
        {
            var grown = new string[Math.Max(size, Math.Max(16, _idScratch.Length * 2))];
            Array.Copy(_idScratch, grown, kept);
            _idScratch = grown;
        }
        return _idScratch;
    }

    /// <summary>The first <paramref name="count"/> ids of <paramref name="ids"/> at their exact size (the array itself when it is that size).</summary>
    public static string[] Exact(string[] ids, int count)
    {
        if (count == ids.Length)
            return ids;
        if (count == 0)
            return [];
        var exact = ids.AsSpan(0, count).ToArray();
        // The scratch array must not keep one subject's id strings alive until the next.
        Array.Clear(ids, 0, count);
        return exact;
    }

    public void Reset(bool explain, bool execute)
    {
        // Points, Faults and action results are read only for rules whose state this run set (fired, faulted), so
        // only the states must start clean. Explanations are cleared when the previous run may have captured some.
        // Faults are written only with a Fault state, so a run that faulted nowhere left none to let go of.
        if (States.AsSpan().Contains((byte)RuleState.Fault))
            Array.Clear(Faults);
        Array.Clear(States);
        if (Explain)
        {
            Array.Clear(Explained);
            Array.Clear(Evidence);
            Array.Clear(EvidenceIds);
        }
        if (execute || Execute)
        {
            Array.Clear(Visible);
            Array.Clear(ActionOutputs);
            Array.Clear(ActionFaults);
        }
        Explain = explain;
        Execute = execute;
    }
}
