using System.Text.Json;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Evaluations;

/// <summary>What a run stored, for comparing two runs that must store the same.</summary>
internal static class StoredResults
{
    /// <summary>Every stored column of a run's results and live outcomes except ids, run ids and timestamps, in a stable order.</summary>
    public static async Task<string> SnapshotAsync(AssessmentDbContext db, Guid runId)
    {
        var officers = await db.OfficerResults.AsNoTracking().Where(r => r.RunId == runId).OrderBy(r => r.OfficerId).ToListAsync();
        var squads = await db.SquadResults.AsNoTracking().Where(r => r.RunId == runId).OrderBy(r => r.SquadId).ToListAsync();
        // The outcomes a run left live: a re-run of identical inputs carries every one of them, unchanged.
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.LatestRunId == runId && o.WithdrawnByRunId == null).OrderBy(o => o.SubjectKind).ThenBy(o => o.SubjectId).ThenBy(o => o.Kind).ToListAsync();
        return JsonSerializer.Serialize(new
        {
            officers = officers.Select(r => new { r.OfficerId, r.BadgeNumber, r.Kind, r.Post, r.SquadId, r.Score, r.Grade, r.Rank, r.PeerGroupSize, r.Percentile, r.Vetoed, r.Subtotals, r.Lines }),
            squads = squads.Select(r => new { r.SquadId, r.BrigadeId, r.Score, r.AverageOfficerScore, r.Grade, r.Rank, r.PeerGroupSize, r.Vetoed, r.Subtotals, r.Lines }),
            outcomes = outcomes.Select(o => new { o.SubjectKind, o.SubjectId, o.Kind, o.Level, o.Reason, o.Status }),
        });
    }
}
