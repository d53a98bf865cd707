using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Tests.Persistence;

/// <summary>
/// The run's staged scores are bulk inserted in COPY's binary format written by BulkInserter itself (ADR 0039) on
/// PostgreSQL, and through prepared statements on SQLite: what is read back is what was written, a refused row
/// leaves nothing behind, and tables with converted columns keep going through Npgsql's importer.
/// </summary>
public abstract class BulkCopyTests : DatabaseTestBase
{
    private static readonly Guid Run = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public async Task Staged_scores_read_back_exactly_as_written_including_text_longer_than_the_copy_buffer()
    {
        var officers = Enumerable.Range(1, 300).Select(Officer).ToList();
        officers[7].LinesJson = "[" + string.Join(",", Enumerable.Range(0, 9000).Select(i => $"{{\"RuleName\":\"规则{i}\",\"Points\":-0.1}}")) + "]";
        officers[8].Name = "𠀀𠀁 O'Brien \"引号\" \\ \t";
        officers[9].Score = 0.1 + 0.2;
        officers[10].Score = double.MaxValue;
        officers[11].Score = double.Epsilon;
        officers[12].OverdueCases = int.MinValue;
        officers[13].OfficerId = long.MaxValue;
        officers[14].Grade = string.Empty;
        var squads = new[]
        {
            new StagedSquadScore { RunId = Run, SquadId = 5, BrigadeId = 2, Code = "B01-S01", Name = "一中队", Score = -12.5, AverageOfficerScore = 88.25, Grade = "先进", Vetoed = true, OverdueCases = 3, VerifiedComplaints = 1, SubtotalsJson = "[]", LinesJson = "[]", OutcomesJson = "[{\"Tag\":\"Commendation:AdvancedSquad\"}]" },
        };

        await using (var db = await Database.CreateMigratedContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var bulk = new BulkInserter(db);
            (await bulk.InsertAsync(officers)).Should().Be(officers.Count);
            (await bulk.InsertAsync(squads)).Should().Be(1);
            (await bulk.InsertAsync(Array.Empty<StagedOfficerScore>())).Should().Be(0);
            await transaction.CommitAsync();
        }

        await using var fresh = Database.CreateContext();
        (await fresh.StagedOfficerScores.AsNoTracking().OrderBy(s => s.OfficerId).ToListAsync()).Should().BeEquivalentTo(officers.OrderBy(s => s.OfficerId), o => o.WithStrictOrdering());
        (await fresh.StagedSquadScores.AsNoTracking().ToListAsync()).Should().BeEquivalentTo(squads);
    }

    [Fact]
    public async Task A_refused_row_leaves_no_staged_row_and_the_connection_usable()
    {
        var officers = Enumerable.Range(1, 5000).Select(Officer).Append(Officer(42)).ToList();
        await using var db = await Database.CreateMigratedContextAsync();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var act = () => new BulkInserter(db).InsertAsync(officers);
            await act.Should().ThrowAsync<Exception>("officer 42 is in the list twice");
            await transaction.RollbackAsync();
        }

        (await db.StagedOfficerScores.CountAsync()).Should().Be(0);
        (await new BulkInserter(db).InsertAsync(officers.Take(3))).Should().Be(3);
        (await db.StagedOfficerScores.CountAsync()).Should().Be(3);
    }

    [Fact]
    public async Task Only_tables_of_plain_columns_are_written_in_the_copy_format_by_the_inserter()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        var postgres = Provider == DatabaseProvider.Postgres;

        BulkInserter.WritesCopyFormat(db.Model.FindEntityType(typeof(StagedOfficerScore))!).Should().Be(postgres);
        BulkInserter.WritesCopyFormat(db.Model.FindEntityType(typeof(StagedSquadScore))!).Should().Be(postgres);
        BulkInserter.WritesCopyFormat(db.Model.FindEntityType(typeof(EnforcementAction))!).Should().BeFalse("its instants are converted to UTC by the model");
    }

    private static StagedOfficerScore Officer(int id) => new()
    {
        RunId = Run,
        OfficerId = id,
        BrigadeId = 2,
        SquadId = 5,
        BadgeNumber = $"J{id:D6}",
        Name = "张伟" + id,
        Kind = id % 3 == 0 ? "Auxiliary" : "Sworn",
        Post = "Road",
        PeerGroup = "B01|Road",
        Score = 100 - id * 0.37,
        Grade = "合格",
        Vetoed = id % 7 == 0,
        BarredFromCommendations = id % 5 == 0,
        OverdueCases = id % 4,
        VerifiedComplaints = id % 2,
        SubtotalsJson = "[{\"Category\":\"attendance\",\"Points\":-1}]",
        LinesJson = $"[{{\"RuleName\":\"R{id}\",\"Title\":\"\\u8FDF\\u5230\"}}]",
        OutcomesJson = "[]",
    };
}

public sealed class BulkCopyTestsOnPostgres : BulkCopyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class BulkCopyTestsOnSqlite : BulkCopyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
