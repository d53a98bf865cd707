namespace AssessmentEngine.Domain.Assessment;

/// <summary>One outcome a run proposes, before it is matched with what the assessment already holds.</summary>
public sealed record ProposedOutcome(OutcomeKind Kind, SubjectKind SubjectKind, long SubjectId, InterviewLevel? Level, string Reason)
{
    public OutcomeIdentity Identity => new(SubjectKind, SubjectId, Kind, Level);
}

/// <summary>What a run's proposals did to the assessment's outcomes.</summary>
public sealed record ReconciledOutcomes(IReadOnlyList<Outcome> Added, int Carried, int Restored, int Withdrawn);

/// <summary>
/// Matches a run's proposals with the outcomes an assessment already holds, by identity (subject, kind, level; the period
/// is the assessment's): a match carries its decision and history, a new proposal is pending, a live outcome the run no
/// longer proposes is withdrawn by it. Existing outcomes are changed in place; one row per identity, never two.
/// </summary>
public static class ProposalReconciliation
{
    public static ReconciledOutcomes Apply(PeriodAssessment assessment, Guid runId, IEnumerable<ProposedOutcome> proposals, IEnumerable<Outcome> existing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(existing);
        var held = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        foreach (var outcome in existing)
        {
            if (outcome.AssessmentId != assessment.Id)
                throw new DomainException("OutcomeOfOtherAssessment", $"Outcome {outcome.Id} belongs to another assessment than {assessment.Period}'s.", outcome.Id, assessment.Period);
            if (!held.TryAdd(outcome.IdentityKey, outcome))
                throw new DomainException("DuplicateOutcome", $"{assessment.Period} holds two outcomes {outcome.IdentityKey}; an identity has one row.", assessment.Period, outcome.IdentityKey);
        }

        var added = new List<Outcome>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int carried = 0, restored = 0;
        foreach (var proposal in proposals)
        {
            var key = proposal.Identity.Key;
            if (!seen.Add(key))
                throw new DomainException("RunProposesTwice", $"Run {runId} proposes {key} twice.", runId, key);
            if (held.TryGetValue(key, out var match))
            {
                if (match.IsLive) carried++;
                else restored++;
                match.Carry(runId, proposal.Reason, now);
            }
            else
            {
                added.Add(Outcome.Propose(assessment.Id, runId, proposal.Kind, proposal.SubjectKind, proposal.SubjectId, proposal.Reason, now, proposal.Level));
            }
        }

        var withdrawn = 0;
        foreach (var outcome in held.Values.Where(o => o.IsLive && !seen.Contains(o.IdentityKey)))
        {
            outcome.Withdraw(runId, now);
            withdrawn++;
        }

        return new ReconciledOutcomes(added, carried, restored, withdrawn);
    }
}
