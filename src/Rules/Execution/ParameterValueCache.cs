namespace AssessmentEngine.Rules.Execution;

/// <summary>
/// The explained values of one int parameter: small values (the counts most rules explain) get one shared, immutable
/// <see cref="ParameterValue"/> per value, and a shared one-element array for rules that explain only this parameter, so
/// explaining a fired rule neither boxes its count nor builds a record for it per subject.
/// </summary>
internal sealed class ParameterValueCache(string name)
{
    private const int Cached = 256;
    private readonly ParameterValue?[] _values = new ParameterValue?[Cached];
    private readonly ParameterValue[]?[] _singles = new ParameterValue[]?[Cached];

    public ParameterValue Of(int value)
    {
        if ((uint)value >= Cached)
            return new ParameterValue(name, value);
        // A race builds an equal record twice; either may be kept, both are immutable.
        return Volatile.Read(ref _values[value]) ?? Publish(ref _values[value], new ParameterValue(name, value));
    }

    /// <summary>The whole explanation of a rule that explains only this parameter.</summary>
    public ParameterValue[] Single(int value)
    {
        if ((uint)value >= Cached)
            return [new ParameterValue(name, value)];
        return Volatile.Read(ref _singles[value]) ?? Publish(ref _singles[value], [Of(value)]);
    }

    private static T Publish<T>(ref T? slot, T created)
        where T : class
    {
        Volatile.Write(ref slot, created);
        return created;
    }
}
