namespace AssessmentEngine.Rules.Execution;

/// <summary>Evidence the compiled workflow already reduced to record ids while it selected them (the reference engine leaves records).</summary>
internal sealed class EvidenceIdList : List<string>
{
    public EvidenceIdList()
    {
    }

    public EvidenceIdList(int capacity)
        : base(capacity)
    {
    }
}
