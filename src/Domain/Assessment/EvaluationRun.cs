using AssessmentEngine.Domain.Periods;

namespace AssessmentEngine.Domain.Assessment;

/// <summary>
/// One evaluation of a period against fixed scheme versions and a data cut-off. A run is never
/// overwritten: re-evaluating means a new run.
/// </summary>
public sealed class EvaluationRun
{
    private readonly List<SchemeVersion> _schemes = [];
    private readonly List<FactWatermark> _watermarks = [];
    private readonly List<string> _missingFacts = [];

    private EvaluationRun()
    {
    }

    private EvaluationRun(Guid id, AssessmentPeriod period, IEnumerable<SchemeVersion> schemes, DateTimeOffset dataCutOff, DateTimeOffset queuedAt)
    {
        Id = id;
        Period = period;
        _schemes.AddRange(schemes);
        if (_schemes.Count == 0)
            throw new DomainException("RunNeedsVersion", $"A run of {period} needs at least one scheme version.", period);
        foreach (var s in _schemes)
        {
            if (string.IsNullOrWhiteSpace(s.SchemeName) || string.IsNullOrWhiteSpace(s.Hash))
                throw new DomainException("RunVersionIncomplete", "A scheme version needs a name and a hash.");
        }

        DataCutOff = dataCutOff;
        QueuedAt = queuedAt;
        Status = RunStatus.Queued;
    }

    public Guid Id { get; private set; }

    public AssessmentPeriod Period { get; private set; }

    public IReadOnlyCollection<SchemeVersion> Schemes => _schemes.AsReadOnly();

    /// <summary>
    /// The data cut-off as the store saw it when the run was queued: per kind of fact, the highest record id then stored.
    /// Every attempt of the run reads only those records, so a retry after new facts arrived gives the same results.
    /// </summary>
    public IReadOnlyCollection<FactWatermark> Watermarks => _watermarks.AsReadOnly();

    /// <summary>Fixes the facts the run will read; done once, when the run is queued.</summary>
    public void FixWatermarks(IEnumerable<FactWatermark> watermarks)
    {
        ArgumentNullException.ThrowIfNull(watermarks);
        if (Status != RunStatus.Queued || Attempts > 0)
            throw new DomainException("CutOffFixed", $"Run {Id} has started; its data cut-off is fixed.", Id);
        if (_watermarks.Count > 0)
            throw new DomainException("CutOffAlreadySet", $"Run {Id} already has its data cut-off.", Id);
        _watermarks.AddRange(watermarks);
    }

    /// <summary>
    /// Lists of facts the run's schemes read (<c>Attendance</c> …) of which the period has no record at all when the run
    /// is queued: the run still evaluates, but whoever publishes it is told the data looks incomplete.
    /// </summary>
    public IReadOnlyCollection<string> MissingFacts => _missingFacts.AsReadOnly();

    public void FlagMissingFacts(IEnumerable<string> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (Status != RunStatus.Queued || Attempts > 0)
            throw new DomainException("MissingDataFixed", $"Run {Id} has started; what it found missing was fixed when it was queued.", Id);
        _missingFacts.Clear();
        _missingFacts.AddRange(lists);
    }

    /// <summary>The highest record id of <paramref name="fact"/> the run reads; null when the run fixed none (read everything).</summary>
    public long? WatermarkOf(string fact) => _watermarks.FirstOrDefault(w => w.Fact == fact)?.MaxId;

    /// <summary>Facts recorded after this instant are not part of the run.</summary>
    public DateTimeOffset DataCutOff { get; private set; }

    public RunStatus Status { get; private set; }

    public string? Error { get; private set; }

    public int Attempts { get; private set; }

    public string? Node { get; private set; }

    public DateTimeOffset QueuedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>The period assessment this run is a version of.</summary>
    public Guid AssessmentId { get; private set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;

    /// <summary>The earlier run of the same period this one re-evaluates; that run stays as it was.</summary>
    public Guid? SupersedesRunId { get; private set; }

    /// <summary>
    /// Unique among runs: a scheduled fire claims "scheduled:2026-10", so a recovered or duplicated fire finds the
    /// claim taken and never produces a second set of results. Manual runs and re-runs claim their own id.
    /// </summary>
    public string ClaimKey { get; private set; } = string.Empty;

    /// <summary>Counts and stage timings of a completed run.</summary>
    public RunStatistics? Statistics { get; private set; }

    public static EvaluationRun Queue(AssessmentPeriod period, IEnumerable<SchemeVersion> schemes, DateTimeOffset dataCutOff, DateTimeOffset now, string? claimKey = null, Guid assessmentId = default)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        if (dataCutOff < period.EndInstant)
            throw new DomainException("CutOffBeforePeriodEnd", $"The data cut-off {dataCutOff:u} is before the end of {period}; the period would be evaluated on partial data.", dataCutOff, period);
        var run = new EvaluationRun(Guid.CreateVersion7(now), period, schemes, dataCutOff, now);
        run.ClaimKey = string.IsNullOrWhiteSpace(claimKey) ? "run:" + run.Id.ToString("N") : claimKey.Trim();
        run.AssessmentId = assessmentId;
        return run;
    }

    /// <summary>The claim a scheduled evaluation of a period takes.</summary>
    public static string ScheduledClaim(AssessmentPeriod period) => "scheduled:" + period.Key;

    /// <summary>
    /// Re-evaluates the period of a finished run, e.g. after upheld appeals or a corrected scheme, as a new
    /// run: history is never overwritten.
    /// </summary>
    public static EvaluationRun Rerun(EvaluationRun previous, IEnumerable<SchemeVersion> schemes, DateTimeOffset dataCutOff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.Status is RunStatus.Queued or RunStatus.Running)
            throw new DomainException("RunStillGoing", $"Run {previous.Id} is still {previous.Status}; wait for it to finish before re-running {previous.Period}.", previous.Period);
        var run = Queue(previous.Period, schemes, dataCutOff, now, assessmentId: previous.AssessmentId);
        run.SupersedesRunId = previous.Id;
        return run;
    }

    /// <summary>Starts the first attempt of a queued run, or retries a failed one.</summary>
    public void Start(string node, DateTimeOffset now)
    {
        if (Status is not (RunStatus.Queued or RunStatus.Failed))
            throw new DomainException("RunCannotStart", $"Run {Id} is {Status} and cannot start; only a queued or failed run can.", Id);
        Node = Guard.Required(node, "NodeRequired", "Node");
        Attempts++;
        Error = null;
        StartedAt = now;
        FinishedAt = null;
        Status = RunStatus.Running;
    }

    public void Complete(DateTimeOffset now, RunStatistics? statistics = null)
    {
        EnsureRunning("complete");
        Statistics = statistics;
        FinishedAt = now;
        Status = RunStatus.Completed;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        EnsureRunning("fail");
        Error = Guard.Required(error, "RunErrorRequired", "The error of a failed run");
        FinishedAt = now;
        Status = RunStatus.Failed;
    }

    /// <summary>What about this run itself keeps it from being published (e.g. it has not completed), in words.</summary>
    public IReadOnlyList<string> PublicationBlockers() =>
        Status == RunStatus.Completed ? [] : [$"run {Id} is {Status}; only a completed run can be published"];

    private void EnsureRunning(string verb)
    {
        if (Status != RunStatus.Running)
            throw new DomainException("RunNotRunning", $"Run {Id} is {Status} and cannot {verb}; only a running run can.", Id);
    }
}
